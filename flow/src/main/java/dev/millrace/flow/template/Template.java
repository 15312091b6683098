package dev.millrace.flow.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A JSON value with {@code {{path}}} templates in its strings, compiled once and rendered per
 * execution. A string that is exactly one template keeps the JSON type of what it refers to; a
 * template inside a longer string is rendered as text (objects and lists as compact JSON, null as
 * the empty string). Thread-safe and immutable.
 */
public sealed interface Template {
  /**
   * Renders against {@code scope}.
   *
   * @throws TemplateException naming the template when a path does not resolve
   */
  JsonNode render(Scope scope);

  /** Calls {@code sink} with every template path inside, in document order. */
  void forEachPath(Consumer<TemplatePath> sink);

  /**
   * Compiles {@code value}.
   *
   * @throws IllegalArgumentException when a template in it is not a valid path
   */
  static Template compile(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return new Literal(NullNode.getInstance());
    }
    if (value.isTextual()) {
      return compileText(value.textValue());
    }
    if (value.isObject()) {
      var fields = new LinkedHashMap<String, Template>();
      value.fields().forEachRemaining(e -> fields.put(e.getKey(), compile(e.getValue())));
      return fields.values().stream().allMatch(t -> t instanceof Literal)
          ? new Literal(value)
          : new ObjectTemplate(fields);
    }
    if (value.isArray()) {
      var items = new ArrayList<Template>();
      value.forEach(v -> items.add(compile(v)));
      return items.stream().allMatch(t -> t instanceof Literal)
          ? new Literal(value)
          : new ArrayTemplate(items);
    }
    return new Literal(value);
  }

  private static Template compileText(String text) {
    int open = text.indexOf("{{");
    if (open < 0) {
      return new Literal(TextNode.valueOf(text));
    }
    var parts = new ArrayList<Object>();
    int from = 0;
    while (open >= 0) {
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed template in \"" + text + "\"");
      }
      if (open > from) {
        parts.add(text.substring(from, open));
      }
      parts.add(TemplatePath.parse(text.substring(open + 2, close)));
      from = close + 2;
      open = text.indexOf("{{", from);
    }
    if (from < text.length()) {
      parts.add(text.substring(from));
    }
    if (parts.size() == 1 && parts.getFirst() instanceof TemplatePath path) {
      return new Expression(path);
    }
    return new Interpolation(parts);
  }

  /** A value without templates. */
  record Literal(JsonNode value) implements Template {
    @Override
    public JsonNode render(Scope scope) {
      return value;
    }

    @Override
    public void forEachPath(Consumer<TemplatePath> sink) {}
  }

  /** A string that is exactly one template: keeps the JSON type of its target. */
  record Expression(TemplatePath path) implements Template {
    @Override
    public JsonNode render(Scope scope) {
      JsonNode root = scope.lookup(path.root());
      if (root == null) {
        throw new TemplateException(
            "template {{" + path.source() + "}}: nothing named \"" + path.root() + "\" here");
      }
      return path.resolve(root);
    }

    @Override
    public void forEachPath(Consumer<TemplatePath> sink) {
      sink.accept(path);
    }
  }

  /** Text with templates inside: always renders a string. */
  record Interpolation(List<Object> parts) implements Template {
    @Override
    public JsonNode render(Scope scope) {
      var text = new StringBuilder();
      for (Object part : parts) {
        if (part instanceof TemplatePath path) {
          JsonNode value = new Expression(path).render(scope);
          if (value.isTextual()) {
            text.append(value.textValue());
          } else if (value.isValueNode() && !value.isNull()) {
            text.append(value.asText());
          } else if (!value.isNull()) {
            text.append(value);
          }
        } else {
          text.append((String) part);
        }
      }
      return TextNode.valueOf(text.toString());
    }

    @Override
    public void forEachPath(Consumer<TemplatePath> sink) {
      parts.stream()
          .filter(p -> p instanceof TemplatePath)
          .forEach(p -> sink.accept((TemplatePath) p));
    }
  }

  /** An object with templates in some of its fields. */
  record ObjectTemplate(Map<String, Template> fields) implements Template {
    @Override
    public JsonNode render(Scope scope) {
      return renderFields(scope, name -> false);
    }

    /**
     * Renders each field; a field for which {@code optional} holds and whose template does not
     * resolve is left out instead of failing the whole object.
     */
    public ObjectNode renderFields(Scope scope, Predicate<String> optional) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (var field : fields.entrySet()) {
        try {
          out.set(field.getKey(), field.getValue().render(scope));
        } catch (TemplateException e) {
          if (!optional.test(field.getKey())) {
            throw e;
          }
        }
      }
      return out;
    }

    @Override
    public void forEachPath(Consumer<TemplatePath> sink) {
      fields.values().forEach(t -> t.forEachPath(sink));
    }
  }

  /** A list with templates in some of its items. */
  record ArrayTemplate(List<Template> items) implements Template {
    @Override
    public JsonNode render(Scope scope) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(items.size());
      items.forEach(t -> out.add(t.render(scope)));
      return out;
    }

    @Override
    public void forEachPath(Consumer<TemplatePath> sink) {
      items.forEach(t -> t.forEachPath(sink));
    }
  }
}
