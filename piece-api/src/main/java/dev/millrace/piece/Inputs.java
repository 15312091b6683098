package dev.millrace.piece;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An action's rendered inputs, checked against its {@link Prop}s. Typed getters return the value or
 * the prop's default; a missing required input never reaches an action because {@link #check}
 * refuses it first.
 */
public final class Inputs {
  private final ObjectNode values;

  private Inputs(ObjectNode values) {
    this.values = values;
  }

  /** Wraps values that were already checked (or need no checking, as in tests). */
  public static Inputs of(ObjectNode values) {
    return new Inputs(values);
  }

  /**
   * Checks rendered values against props and applies defaults.
   *
   * @throws PieceException (permanent) naming every input at fault
   */
  public static Inputs check(List<Prop> props, ObjectNode rendered) {
    ObjectNode values = rendered.deepCopy();
    var faults = new ArrayList<String>();
    for (Prop prop : props) {
      JsonNode value = values.get(prop.name());
      if (value == null || value.isNull()) {
        if (prop.defaultValue() != null) {
          values.set(prop.name(), prop.defaultValue());
        } else if (prop.required()) {
          faults.add("input \"" + prop.name() + "\" is required");
        }
        continue;
      }
      String fault = typeFault(prop, value);
      if (fault != null) {
        faults.add("input \"" + prop.name() + "\" " + fault);
      }
    }
    if (!faults.isEmpty()) {
      throw PieceException.permanent(String.join("; ", faults));
    }
    return new Inputs(values);
  }

  private static String typeFault(Prop prop, JsonNode value) {
    boolean ok =
        switch (prop.type()) {
          case STRING -> value.isTextual() || value.isNumber() || value.isBoolean();
          case NUMBER -> value.isNumber() || isNumeric(value);
          case INTEGER ->
              value.isIntegralNumber() || (value.isTextual() && value.asText().matches("-?\\d+"));
          case BOOLEAN ->
              value.isBoolean() || (value.isTextual() && value.asText().matches("true|false"));
          case OBJECT -> value.isObject();
          case ARRAY -> value.isArray();
          case ANY -> true;
        };
    if (!ok) {
      return "must be " + article(prop.type()) + ", got " + describe(value);
    }
    if (!prop.choices().isEmpty() && !prop.choices().contains(value.asText())) {
      return "must be one of "
          + String.join(", ", prop.choices())
          + ", got \""
          + value.asText()
          + "\"";
    }
    return null;
  }

  private static boolean isNumeric(JsonNode value) {
    if (!value.isTextual()) {
      return false;
    }
    try {
      Double.parseDouble(value.asText());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String article(Prop.Type type) {
    return switch (type) {
      case OBJECT, INTEGER, ARRAY -> "an " + type.name().toLowerCase(java.util.Locale.ROOT);
      case ANY -> "a value";
      default -> "a " + type.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
  }

  public boolean has(String name) {
    JsonNode value = values.get(name);
    return value != null && !value.isNull();
  }

  /** The raw value, or JSON null. */
  public JsonNode json(String name) {
    JsonNode value = values.get(name);
    return value == null ? JsonNodeFactory.instance.nullNode() : value;
  }

  /** The value as text, or null when absent. */
  public String string(String name) {
    return has(name) ? values.get(name).asText() : null;
  }

  public String string(String name, String fallback) {
    return has(name) ? values.get(name).asText() : fallback;
  }

  public double number(String name, double fallback) {
    return has(name) ? values.get(name).asDouble() : fallback;
  }

  public long integer(String name, long fallback) {
    return has(name) ? values.get(name).asLong() : fallback;
  }

  public boolean bool(String name, boolean fallback) {
    return has(name) ? values.get(name).asBoolean() : fallback;
  }

  /** Every value, as rendered. */
  public ObjectNode all() {
    return values.deepCopy();
  }
}
