package dev.millrace.pieces.math;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Pure arithmetic. Numbers may be given as JSON numbers or numeric text; they are computed in
 * decimal, so {@code 0.1 + 0.2} is {@code 0.3}. Results that are whole come out as JSON integers.
 * Division and averages keep 16 significant digits.
 */
public final class MathPiece implements Piece {
  private static final MathContext PRECISION = MathContext.DECIMAL64;

  private static final Prop A = Prop.number("a", "The first number").asRequired();
  private static final Prop B = Prop.number("b", "The second number").asRequired();
  private static final Prop NUMBERS = Prop.array("numbers", "A list of numbers").asRequired();

  private static final List<Action> ACTIONS =
      List.of(
          binary("add", "a + b", BigDecimal::add),
          binary("subtract", "a - b", BigDecimal::subtract),
          binary("multiply", "a × b", BigDecimal::multiply),
          binary("divide", "a ÷ b; fails when b is 0", MathPiece::divide),
          SimpleAction.pure(
              "round",
              "Round to a number of decimal places; halves round away from zero (2.5 → 3)",
              List.of(
                  Prop.number("value", "The number to round").asRequired(),
                  Prop.integer("digits", "Decimal places; negative rounds to tens, hundreds...")
                      .withDefault(JsonValues.number(0))),
              MathPiece::round),
          list("min", "The smallest number of a list", MathPiece::min),
          list("max", "The largest number of a list", MathPiece::max),
          list("sum", "The sum of a list (0 when empty)", MathPiece::sum),
          list("average", "The mean of a list", MathPiece::average));

  @Override
  public String name() {
    return "math";
  }

  @Override
  public String description() {
    return "Add, subtract, multiply, divide, round and summarise numbers";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static Action binary(String name, String description, BinaryOperator<BigDecimal> op) {
    return SimpleAction.pure(
        name,
        description,
        List.of(A, B),
        c -> {
          Inputs in = c.inputs();
          return JsonValues.number(
              op.apply(
                  JsonValues.decimal(in.json("a"), "a"), JsonValues.decimal(in.json("b"), "b")));
        });
  }

  private interface ListOperation {
    BigDecimal apply(List<BigDecimal> numbers);
  }

  private static Action list(String name, String description, ListOperation op) {
    return SimpleAction.pure(
        name, description, List.of(NUMBERS), c -> JsonValues.number(op.apply(numbers(c))));
  }

  private static BigDecimal divide(BigDecimal a, BigDecimal b) {
    if (b.signum() == 0) {
      throw PieceException.permanent("cannot divide by zero (b is 0)");
    }
    return a.divide(b, PRECISION);
  }

  private static JsonNode round(ActionContext context) {
    Inputs in = context.inputs();
    BigDecimal value = JsonValues.decimal(in.json("value"), "value");
    long digits = in.integer("digits", 0);
    if (digits < -300 || digits > 300) {
      throw PieceException.permanent("digits must be between -300 and 300, got " + digits);
    }
    return JsonValues.number(value.setScale((int) digits, RoundingMode.HALF_UP));
  }

  private static List<BigDecimal> numbers(ActionContext context) {
    var out = new ArrayList<BigDecimal>();
    JsonNode list = context.inputs().json("numbers");
    for (int i = 0; i < list.size(); i++) {
      out.add(JsonValues.decimal(list.get(i), "numbers[" + i + "]"));
    }
    return out;
  }

  private static BigDecimal min(List<BigDecimal> numbers) {
    return numbers.stream().min(BigDecimal::compareTo).orElseThrow(MathPiece::empty);
  }

  private static BigDecimal max(List<BigDecimal> numbers) {
    return numbers.stream().max(BigDecimal::compareTo).orElseThrow(MathPiece::empty);
  }

  private static BigDecimal sum(List<BigDecimal> numbers) {
    return numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal average(List<BigDecimal> numbers) {
    if (numbers.isEmpty()) {
      throw empty();
    }
    return sum(numbers).divide(BigDecimal.valueOf(numbers.size()), PRECISION);
  }

  private static PieceException empty() {
    return PieceException.permanent("numbers is empty; there is nothing to compare or average");
  }
}
