package dev.millrace.pieces;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.millrace.piece.PieceException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * How the built-in pieces read and write JSON: one shared (thread-safe) mapper, and one rule for
 * numbers: a whole number comes out as a JSON integer ({@code 3}, not {@code 3.0}), anything else
 * as a double.
 */
public final class JsonValues {
  /** Shared mapper (text with anything after the value is refused); never reconfigured. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private JsonValues() {}

  /** A whole number as a JSON integer, any other as a double. */
  public static JsonNode number(BigDecimal value) {
    if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
      BigInteger whole = value.toBigInteger();
      if (whole.compareTo(LONG_MIN) >= 0 && whole.compareTo(LONG_MAX) <= 0) {
        return LongNode.valueOf(whole.longValue());
      }
    }
    double asDouble = value.doubleValue();
    // JSON has no infinity: a result beyond double range stays an exact decimal
    return Double.isInfinite(asDouble) ? DecimalNode.valueOf(value) : DoubleNode.valueOf(asDouble);
  }

  /** A whole number as a JSON integer, any other as a double. */
  public static JsonNode number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 9.0e15) {
      return LongNode.valueOf((long) value);
    }
    return DoubleNode.valueOf(value);
  }

  /**
   * Reads a number given as JSON number or numeric text, exactly.
   *
   * @param what names the input in the error, e.g. {@code "b"} or {@code "numbers[2]"}
   * @throws PieceException (permanent) when it is not a finite number
   */
  public static BigDecimal decimal(JsonNode value, String what) {
    try {
      if (value != null && value.isNumber()) {
        return value.decimalValue();
      }
      if (value != null && value.isTextual()) {
        return new BigDecimal(value.asText().strip());
      }
    } catch (NumberFormatException e) {
      // NaN, infinities and text such as "0x10" fall through to the message below
    }
    throw PieceException.permanent(what + " must be a number, got " + describe(value));
  }

  /** A value's type and start, for error messages: {@code string "abc"}. */
  public static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.toString();
    return value.getNodeType().name().toLowerCase(Locale.ROOT)
        + " "
        + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
  }

  public static JsonNode text(String value) {
    return TextNode.valueOf(value);
  }
}
