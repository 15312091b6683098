package dev.millrace.pieces.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.JsonValues;
import java.util.ArrayList;
import java.util.List;

/**
 * A path into a JSON value: names separated by dots and indexes in brackets, such as {@code
 * a.b[0].c}. A name that holds dots or brackets is written quoted in brackets: {@code a["x.y"]}. A
 * leading {@code $} is allowed and means the root; the empty path is the root itself. A name made
 * of digits also indexes an array ({@code items.0} is {@code items[0]}).
 */
final class JsonPath {
  /** One step of a path. */
  sealed interface Segment permits Name, Index {}

  record Name(String name) implements Segment {}

  record Index(int index) implements Segment {}

  private final String text;
  private final List<Segment> segments;

  private JsonPath(String text, List<Segment> segments) {
    this.text = text;
    this.segments = List.copyOf(segments);
  }

  List<Segment> segments() {
    return segments;
  }

  /**
   * Parses a path.
   *
   * @throws PieceException (permanent) saying where the path goes wrong
   */
  static JsonPath parse(String text) {
    var segments = new ArrayList<Segment>();
    int n = text.length();
    int i = text.startsWith("$") ? 1 : 0;
    boolean afterDot = false; // a dot was just read, so a name must follow
    while (i < n) {
      char c = text.charAt(i);
      if (c == '.') {
        if (afterDot) {
          throw fault(text, i, "two dots in a row");
        }
        afterDot = true;
        i++;
      } else if (c == '[') {
        if (afterDot) {
          throw fault(text, i, "a name must follow the dot");
        }
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw fault(text, i, "\"[\" is never closed");
        }
        segments.add(bracket(text, i, text.substring(i + 1, close).strip()));
        i = close + 1;
      } else {
        if (!segments.isEmpty() && !afterDot) {
          throw fault(text, i, "a dot or bracket must come before a name");
        }
        int end = i;
        while (end < n && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        segments.add(new Name(text.substring(i, end)));
        afterDot = false;
        i = end;
      }
    }
    // a lone "." or "$." is the root; any other trailing dot is a slip
    if (afterDot && !segments.isEmpty()) {
      throw fault(text, n, "the path ends with a dot");
    }
    return new JsonPath(text, segments);
  }

  private static Segment bracket(String text, int at, String inside) {
    if (inside.length() >= 2
        && (inside.charAt(0) == '"' || inside.charAt(0) == '\'')
        && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
      return new Name(inside.substring(1, inside.length() - 1));
    }
    if (inside.matches("\\d{1,9}")) {
      return new Index(Integer.parseInt(inside));
    }
    throw fault(
        text, at, "brackets hold an index (0, 1, ...) or a quoted name, not \"" + inside + "\"");
  }

  private static PieceException fault(String text, int at, String why) {
    return PieceException.permanent(
        "path \"" + text + "\" is not valid at position " + at + ": " + why);
  }

  /** The value at this path, or null when any part of it is missing. */
  JsonNode read(JsonNode root) {
    JsonNode current = root;
    for (Segment segment : segments) {
      if (current == null || current.isNull() || current.isMissingNode()) {
        return null;
      }
      current = child(current, segment);
    }
    return current == null || current.isMissingNode() ? null : current;
  }

  private static JsonNode child(JsonNode node, Segment segment) {
    return switch (segment) {
      case Name(String name) when node.isObject() -> node.get(name);
      case Name(String name) when node.isArray() && name.matches("\\d{1,9}") ->
          node.get(Integer.parseInt(name));
      case Index(int index) when node.isArray() -> node.get(index);
      default -> null;
    };
  }

  /**
   * A copy of {@code root} with {@code value} at this path. Missing objects and arrays on the way
   * are created (an index past the end pads the array with nulls).
   *
   * @throws PieceException (permanent) when the path runs into a value that is not an object or
   *     array as it needs
   */
  JsonNode write(JsonNode root, JsonNode value) {
    if (segments.isEmpty()) {
      return value;
    }
    JsonNode copy = root == null || root.isNull() || root.isMissingNode() ? null : root.deepCopy();
    return writeInto(copy, 0, value);
  }

  private JsonNode writeInto(JsonNode node, int at, JsonNode value) {
    if (at == segments.size()) {
      return value;
    }
    Segment segment = segments.get(at);
    JsonNode container = node == null || node.isNull() ? emptyFor(segment) : node;
    switch (segment) {
      case Name(String name) when container.isObject() -> {
        ObjectNode object = (ObjectNode) container;
        object.set(name, writeInto(object.get(name), at + 1, value));
      }
      case Name(String name) when container.isArray() && name.matches("\\d{1,9}") ->
          setIndex((ArrayNode) container, Integer.parseInt(name), at, value);
      case Index(int index) when container.isArray() ->
          setIndex((ArrayNode) container, index, at, value);
      default ->
          throw PieceException.permanent(
              "cannot set \""
                  + text
                  + "\": "
                  + (at == 0 ? "the value" : "\"" + prefix(at) + "\"")
                  + " is "
                  + JsonValues.describe(container)
                  + ", not "
                  + (segment instanceof Index ? "an array" : "an object"));
    }
    return container;
  }

  private void setIndex(ArrayNode array, int index, int at, JsonNode value) {
    while (array.size() <= index) {
      array.addNull();
    }
    array.set(index, writeInto(array.get(index), at + 1, value));
  }

  private static JsonNode emptyFor(Segment segment) {
    return segment instanceof Index ? JsonValues.NODES.arrayNode() : JsonValues.NODES.objectNode();
  }

  private String prefix(int count) {
    var out = new StringBuilder();
    for (Segment segment : segments.subList(0, count)) {
      switch (segment) {
        case Name(String name) -> out.append(out.isEmpty() ? "" : ".").append(name);
        case Index(int index) -> out.append('[').append(index).append(']');
      }
    }
    return out.toString();
  }
}
