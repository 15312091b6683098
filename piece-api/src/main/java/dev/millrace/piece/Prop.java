package dev.millrace.piece;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One input of an action: its name, JSON type, whether it is required, and its default.
 *
 * @param choices for strings, the allowed values; empty means any
 */
public record Prop(
    String name,
    Type type,
    boolean required,
    JsonNode defaultValue,
    String description,
    List<String> choices) {
  public Prop {
    choices = List.copyOf(choices);
  }

  /** The JSON type an input must have after its templates are rendered. */
  public enum Type {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    OBJECT,
    ARRAY,
    /** Any JSON value. */
    ANY
  }

  public static Prop of(String name, Type type, String description) {
    return new Prop(name, type, false, null, description, List.of());
  }

  public static Prop string(String name, String description) {
    return of(name, Type.STRING, description);
  }

  public static Prop number(String name, String description) {
    return of(name, Type.NUMBER, description);
  }

  public static Prop integer(String name, String description) {
    return of(name, Type.INTEGER, description);
  }

  public static Prop bool(String name, String description) {
    return of(name, Type.BOOLEAN, description);
  }

  public static Prop object(String name, String description) {
    return of(name, Type.OBJECT, description);
  }

  public static Prop array(String name, String description) {
    return of(name, Type.ARRAY, description);
  }

  public static Prop any(String name, String description) {
    return of(name, Type.ANY, description);
  }

  public Prop asRequired() {
    return new Prop(name, type, true, defaultValue, description, choices);
  }

  public Prop withDefault(JsonNode value) {
    return new Prop(name, type, required, value, description, choices);
  }

  public Prop oneOf(String... allowed) {
    return new Prop(name, type, required, defaultValue, description, List.of(allowed));
  }
}
