package dev.millrace.flow;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Router comparison operators, named in flows as in {@link #jsonName()}. */
public enum Operator {
  EQUALS(true),
  NOT_EQUALS(true),
  GREATER_THAN(true),
  LESS_THAN(true),
  GREATER_OR_EQUAL(true),
  LESS_OR_EQUAL(true),
  CONTAINS(true),
  NOT_CONTAINS(true),
  STARTS_WITH(true),
  ENDS_WITH(true),
  MATCHES(true),
  EXISTS(false),
  NOT_EXISTS(false),
  IS_TRUE(false),
  IS_FALSE(false),
  IS_EMPTY(false),
  IS_NOT_EMPTY(false);

  private final boolean binary;

  Operator(boolean binary) {
    this.binary = binary;
  }

  /**
   * Whether the operator compares {@code left} with {@code right}, or only looks at {@code left}.
   */
  public boolean binary() {
    return binary;
  }

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Operator> fromJson(String name) {
    return Arrays.stream(values()).filter(o -> o.jsonName().equals(name)).findFirst();
  }
}
