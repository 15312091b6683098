package dev.millrace.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.Operator;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Router comparisons. Numbers compare by value whatever their JSON representation ("10" and 10 are
 * equal when one side is a number); strings compare as text; {@code contains} works on strings
 * (substring), lists (element) and objects (key).
 */
public final class Conditions {
  private Conditions() {}

  /** Whether {@code left op right} holds; {@code left} or {@code right} may be null (missing). */
  public static boolean test(JsonNode left, Operator op, JsonNode right) {
    return switch (op) {
      case EQUALS -> equal(left, right);
      case NOT_EQUALS -> !equal(left, right);
      case GREATER_THAN -> compare(left, right) > 0;
      case LESS_THAN -> compare(left, right) < 0;
      case GREATER_OR_EQUAL -> compare(left, right) >= 0;
      case LESS_OR_EQUAL -> compare(left, right) <= 0;
      case CONTAINS -> contains(left, right);
      case NOT_CONTAINS -> !contains(left, right);
      case STARTS_WITH -> present(left) && left.asText().startsWith(text(right));
      case ENDS_WITH -> present(left) && left.asText().endsWith(text(right));
      case MATCHES -> present(left) && Pattern.compile(text(right)).matcher(left.asText()).find();
      case EXISTS -> present(left);
      case NOT_EXISTS -> !present(left);
      case IS_TRUE ->
          present(left) && (left.isBoolean() ? left.booleanValue() : left.asText().equals("true"));
      case IS_FALSE ->
          present(left)
              && (left.isBoolean() ? !left.booleanValue() : left.asText().equals("false"));
      case IS_EMPTY -> !present(left) || isEmpty(left);
      case IS_NOT_EMPTY -> present(left) && !isEmpty(left);
    };
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  private static boolean isEmpty(JsonNode node) {
    return node.isContainerNode() ? node.isEmpty() : node.asText().isEmpty();
  }

  private static String text(JsonNode node) {
    return present(node) ? node.asText() : "";
  }

  private static boolean equal(JsonNode left, JsonNode right) {
    if (!present(left) || !present(right)) {
      return present(left) == present(right);
    }
    BigDecimal a = number(left);
    BigDecimal b = number(right);
    if (a != null && b != null && (left.isNumber() || right.isNumber())) {
      return a.compareTo(b) == 0;
    }
    if (left.isValueNode() && right.isValueNode()) {
      return left.asText().equals(right.asText());
    }
    return left.equals(right);
  }

  private static int compare(JsonNode left, JsonNode right) {
    if (!present(left) || !present(right)) {
      throw new IllegalArgumentException("cannot compare a missing value");
    }
    BigDecimal a = number(left);
    BigDecimal b = number(right);
    if (a != null && b != null) {
      return a.compareTo(b);
    }
    return left.asText().compareTo(right.asText());
  }

  private static boolean contains(JsonNode left, JsonNode right) {
    if (!present(left)) {
      return false;
    }
    if (left.isArray()) {
      for (JsonNode item : left) {
        if (equal(item, right)) {
          return true;
        }
      }
      return false;
    }
    if (left.isObject()) {
      return left.has(text(right));
    }
    return left.asText().contains(text(right));
  }

  private static BigDecimal number(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
