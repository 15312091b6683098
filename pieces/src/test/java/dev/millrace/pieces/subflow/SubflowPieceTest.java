package dev.millrace.pieces.subflow;

import static dev.millrace.pieces.TestContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.flow.run.Waitpoint;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.TestContext;
import org.junit.jupiter.api.Test;

class SubflowPieceTest {
  private final SubflowPiece piece = new SubflowPiece();

  @Test
  void callPausesForTheAppToStartTheChildRun() {
    Waitpoint waitpoint =
        TestContext.of(piece, "call", "{flowId: 'f-1', payload: {order: 7}}")
            .pause()
            .waitpoint("p");

    assertThat(waitpoint.kind()).isEqualTo(Waitpoint.Kind.RESUME);
    assertThat(waitpoint.resumeAt()).isNull();
    assertThat(waitpoint.data()).isEqualTo(json("{subflow: {flowId: 'f-1', payload: {order: 7}}}"));
  }

  @Test
  void callNeedsAFlowId() {
    assertThatThrownBy(() -> TestContext.of(piece, "call", "{payload: 1}"))
        .isInstanceOf(PieceException.class)
        .hasMessageContaining("input \"flowId\" is required");
  }
}
