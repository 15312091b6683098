package dev.millrace.pieces.math;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import org.junit.jupiter.api.Test;

class MathPieceTest {
  private final MathPiece piece = new MathPiece();

  private JsonNode math(String action, String inputs) {
    return run(piece, action, inputs);
  }

  @Test
  void arithmeticIsDecimalAndWholeResultsAreIntegers() {
    JsonNode sum = math("add", "{a: 2, b: 3}");
    assertThat(sum.isIntegralNumber()).isTrue();
    assertThat(sum.asLong()).isEqualTo(5);
    assertThat(math("add", "{a: 0.1, b: 0.2}").asDouble()).isEqualTo(0.3);
    assertThat(math("subtract", "{a: 1, b: 0.9}").asDouble()).isEqualTo(0.1);
    assertThat(math("multiply", "{a: 1.5, b: 4}").isIntegralNumber()).isTrue();
    assertThat(math("multiply", "{a: 1.5, b: 4}").asLong()).isEqualTo(6);
    assertThat(math("divide", "{a: 7, b: 2}").asDouble()).isEqualTo(3.5);
    assertThat(math("divide", "{a: 1, b: 3}").asDouble()).isEqualTo(0.3333333333333333);
    assertThat(math("divide", "{a: 10, b: -5}").asLong()).isEqualTo(-2);
  }

  @Test
  void numericTextIsAccepted() {
    assertThat(math("add", "{a: '2.5', b: ' 1.5 '}").asLong()).isEqualTo(4);
  }

  @Test
  void divisionByZeroIsPermanent() {
    PieceException e = failure(piece, "divide", "{a: 1, b: 0}");

    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage()).contains("divide by zero");
  }

  @Test
  void roundHalvesAwayFromZeroToTheGivenDigits() {
    assertThat(math("round", "{value: 2.5}").asLong()).isEqualTo(3);
    assertThat(math("round", "{value: -2.5}").asLong()).isEqualTo(-3);
    assertThat(math("round", "{value: 3.14159, digits: 2}").asDouble()).isEqualTo(3.14);
    assertThat(math("round", "{value: 1.005, digits: 2}").asDouble()).isEqualTo(1.01);
    assertThat(math("round", "{value: 1234, digits: -2}").asLong()).isEqualTo(1200);
    assertThat(math("round", "{value: 2.0}").isIntegralNumber()).isTrue();
  }

  @Test
  void listOperations() {
    assertThat(math("min", "{numbers: [3, -1.5, 2]}").asDouble()).isEqualTo(-1.5);
    assertThat(math("max", "{numbers: [3, '10', 2]}").asLong()).isEqualTo(10);
    assertThat(math("sum", "{numbers: [0.1, 0.2, 0.3]}").asDouble()).isEqualTo(0.6);
    assertThat(math("sum", "{numbers: []}").asLong()).isZero();
    assertThat(math("average", "{numbers: [1, 2, 3, 4]}").asDouble()).isEqualTo(2.5);
    assertThat(math("average", "{numbers: [2, 4]}").isIntegralNumber()).isTrue();
  }

  @Test
  void emptyListsHaveNoMinMaxOrAverage() {
    for (String action : new String[] {"min", "max", "average"}) {
      assertThat(failure(piece, action, "{numbers: []}"))
          .matches(PieceException::isPermanent)
          .hasMessageContaining("numbers is empty");
    }
  }

  @Test
  void nonNumbersInAListAreNamed() {
    assertThat(failure(piece, "sum", "{numbers: [1, 'two', 3]}"))
        .matches(PieceException::isPermanent)
        .hasMessage("numbers[1] must be a number, got string \"two\"");
    assertThat(failure(piece, "sum", "{numbers: [1, null]}"))
        .hasMessageContaining("numbers[1] must be a number");
  }

  @Test
  void hugeResultsStayNumbers() {
    assertThat(math("multiply", "{a: 1e200, b: 1e200}").isNumber()).isTrue();
    assertThat(math("multiply", "{a: 1e10, b: 1e10}").asDouble()).isEqualTo(1e20);
  }
}
