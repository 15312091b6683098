package dev.millrace.flow.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed template expression such as {@code customer.body.items[0].sku}: a root name followed by
 * field and index segments. Bracketed string keys ({@code a["x y"]}) reach fields with any name.
 */
public record TemplatePath(String source, String root, List<Object> segments) {
  public TemplatePath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses an expression (the text between the braces).
   *
   * @throws IllegalArgumentException naming the fault when the text is not a path
   */
  public static TemplatePath parse(String text) {
    String source = text.strip();
    if (source.isEmpty()) {
      throw new IllegalArgumentException("empty template {{}}");
    }
    var segments = new ArrayList<Object>();
    int i = 0;
    int n = source.length();
    String root = null;
    boolean expectName = true;
    while (i < n) {
      char c = source.charAt(i);
      if (expectName) {
        int start = i;
        while (i < n && isNameChar(source.charAt(i))) {
          i++;
        }
        if (start == i) {
          throw bad(source, "expected a name at position " + start);
        }
        String name = source.substring(start, i);
        if (root == null) {
          root = name;
        } else {
          segments.add(name);
        }
        expectName = false;
      } else if (c == '.') {
        i++;
        expectName = true;
      } else if (c == '[') {
        int close = source.indexOf(']', i);
        if (close < 0) {
          throw bad(source, "missing ]");
        }
        String inside = source.substring(i + 1, close).strip();
        if (inside.length() >= 2
            && (inside.charAt(0) == '"' || inside.charAt(0) == '\'')
            && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
          segments.add(inside.substring(1, inside.length() - 1));
        } else {
          try {
            segments.add(Integer.parseInt(inside));
          } catch (NumberFormatException e) {
            throw bad(source, "index [" + inside + "] is not a number or a quoted key");
          }
        }
        i = close + 1;
      } else {
        throw bad(source, "unexpected '" + c + "' at position " + i);
      }
    }
    if (expectName) {
      throw bad(source, "ends with '.'");
    }
    return new TemplatePath(source, root, segments);
  }

  /** Follows the segments from {@code rootValue}; throws naming the first segment not found. */
  public JsonNode resolve(JsonNode rootValue) {
    JsonNode current = rootValue;
    StringBuilder walked = new StringBuilder(root);
    for (Object segment : segments) {
      JsonNode next;
      if (segment instanceof Integer index) {
        next = current.isArray() ? current.get(index < 0 ? current.size() + index : index) : null;
        walked.append('[').append(index).append(']');
      } else {
        next = current.isObject() ? current.get((String) segment) : null;
        walked.append('.').append(segment);
      }
      if (next == null) {
        throw new TemplateException(
            "template {{" + source + "}}: " + walked + " not found (" + describe(current) + ")");
      }
      current = next;
    }
    return current;
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      var names = new ArrayList<String>();
      node.fieldNames().forEachRemaining(names::add);
      return names.isEmpty() ? "the object is empty" : "fields are " + String.join(", ", names);
    }
    if (node.isArray()) {
      return "the list has " + node.size() + " item(s)";
    }
    return "the value there is " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
  }

  private static IllegalArgumentException bad(String source, String why) {
    return new IllegalArgumentException("bad template {{" + source + "}}: " + why);
  }
}
