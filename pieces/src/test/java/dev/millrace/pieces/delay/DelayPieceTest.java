package dev.millrace.pieces.delay;

import static dev.millrace.pieces.TestContext.NOW;
import static dev.millrace.pieces.TestContext.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.run.Waitpoint;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.TestContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DelayPieceTest {
  private final DelayPiece piece = new DelayPiece();

  private Waitpoint pauseOf(String action, String inputs) {
    return TestContext.of(piece, action, inputs).pause().waitpoint("p");
  }

  @Test
  void forPausesUntilNowPlusTheSumOfAllUnits() {
    Waitpoint waitpoint = pauseOf("for", "{days: 1, hours: 2, minutes: 3, seconds: 4}");

    Instant expected = NOW.plus(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
    assertThat(waitpoint.stepPath()).isEqualTo("p");
    assertThat(waitpoint.kind()).isEqualTo(Waitpoint.Kind.DELAY);
    assertThat(waitpoint.resumeAt()).isEqualTo(expected);
    assertThat(waitpoint.data().get("resumeAt").asText()).isEqualTo(expected.toString());
  }

  @Test
  void forAcceptsFractionsAndNumericText() {
    assertThat(pauseOf("for", "{hours: 1.5}").resumeAt()).isEqualTo(NOW.plusSeconds(5400));
    assertThat(pauseOf("for", "{seconds: '90'}").resumeAt()).isEqualTo(NOW.plusSeconds(90));
  }

  @Test
  void forMeasuresFromTheEnginesClock() {
    Instant later = Instant.parse("2031-06-01T00:00:00Z");

    var waitpoint = TestContext.of(piece, "for", "{minutes: 10}").now(later).pause().waitpoint("p");

    assertThat(waitpoint.resumeAt()).isEqualTo(later.plusSeconds(600));
  }

  @Test
  void forNeedsAPositiveTotal() {
    assertThat(failure(piece, "for", "{}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("at least one of seconds, minutes, hours or days");
    assertThat(failure(piece, "for", "{seconds: 0, minutes: 0}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("more than 0");
    assertThat(failure(piece, "for", "{hours: 2, minutes: -5}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("minutes must not be negative");
  }

  @Test
  void untilPausesUntilTheGivenInstant() {
    Waitpoint waitpoint = pauseOf("until", "{until: '2030-02-01T08:30:00Z'}");

    assertThat(waitpoint.kind()).isEqualTo(Waitpoint.Kind.DELAY);
    assertThat(waitpoint.resumeAt()).isEqualTo(Instant.parse("2030-02-01T08:30:00Z"));
  }

  @Test
  void untilHonoursTheOffset() {
    assertThat(pauseOf("until", "{until: '2030-02-01T09:30:00+01:00'}").resumeAt())
        .isEqualTo(Instant.parse("2030-02-01T08:30:00Z"));
    assertThat(pauseOf("until", "{until: '2030-07-01T10:00:00+02:00[Europe/Paris]'}").resumeAt())
        .isEqualTo(Instant.parse("2030-07-01T08:00:00Z"));
  }

  @Test
  void untilInThePastContinuesAtOnce() {
    JsonNode out = TestContext.run(piece, "until", "{until: '2020-01-01T00:00:00Z'}");

    assertThat(out.get("skipped").asBoolean()).isTrue();
    assertThat(out.get("resumedAt").asText()).isEqualTo(NOW.toString());
  }

  @Test
  void untilNowExactlyAlsoContinues() {
    JsonNode out = TestContext.run(piece, "until", "{until: '" + NOW + "'}");

    assertThat(out.get("skipped").asBoolean()).isTrue();
  }

  @Test
  void untilWithoutAnOffsetIsRefused() {
    assertThat(failure(piece, "until", "{until: '2030-02-01T08:30:00'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("with offset");
    assertThat(failure(piece, "until", "{until: 'tomorrow'}")).matches(PieceException::isPermanent);
  }

  @Test
  void delaysHaveNoExternalEffect() {
    assertThat(piece.actions()).noneMatch(a -> a.hasExternalEffect());
  }
}
