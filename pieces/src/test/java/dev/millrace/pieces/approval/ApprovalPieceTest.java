package dev.millrace.pieces.approval;

import static dev.millrace.pieces.TestContext.NOW;
import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.flow.run.Waitpoint;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.TestContext;
import org.junit.jupiter.api.Test;

class ApprovalPieceTest {
  private final ApprovalPiece piece = new ApprovalPiece();

  @Test
  void requestWaitsForAResumeWithoutDeadline() {
    Waitpoint waitpoint =
        TestContext.of(piece, "request", "{message: 'Refund 40 EUR to Ann?'}")
            .pause()
            .waitpoint("p");

    assertThat(waitpoint.kind()).isEqualTo(Waitpoint.Kind.RESUME);
    assertThat(waitpoint.stepPath()).isEqualTo("p");
    assertThat(waitpoint.resumeAt()).isNull();
    assertThat(waitpoint.data()).isEqualTo(json("{message: 'Refund 40 EUR to Ann?'}"));
  }

  @Test
  void requestWithTimeoutAndApproversSetsADeadline() {
    Waitpoint waitpoint =
        TestContext.of(
                piece,
                "request",
                "{message: 'Ship?', timeoutHours: 1.5, approvers: ['ann@example.com']}")
            .pause()
            .waitpoint("p");

    assertThat(waitpoint.resumeAt()).isEqualTo(NOW.plusSeconds(5400));
    assertThat(waitpoint.data())
        .isEqualTo(
            json(
                "{message: 'Ship?', approvers: ['ann@example.com'], deadline: '"
                    + NOW.plusSeconds(5400)
                    + "'}"));
  }

  @Test
  void requestRefusesANonPositiveTimeout() {
    assertThat(failure(piece, "request", "{message: 'm', timeoutHours: 0}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("timeoutHours");
  }

  @Test
  void requestIsEffectFree() {
    assertThat(piece.actions()).noneMatch(a -> a.hasExternalEffect());
  }
}
