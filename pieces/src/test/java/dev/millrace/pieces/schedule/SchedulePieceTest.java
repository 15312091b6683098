package dev.millrace.pieces.schedule;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.json;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import org.junit.jupiter.api.Test;

class SchedulePieceTest {
  private final SchedulePiece piece = new SchedulePiece();

  @Test
  void definesTheScheduleTrigger() {
    assertThat(piece.triggers()).singleElement().matches(t -> t.name().equals("schedule"));
    assertThat(piece.triggers().getFirst().settings())
        .extracting(Prop::name)
        .containsExactly("cron", "everySeconds", "timezone");
  }

  @Test
  void nextListsFireTimesAfterTheEnginesClock() {
    // the test clock is Tuesday 2030-01-15T10:00Z
    assertThat(run(piece, "next", "{cron: '*/15 * * * *', count: 3}"))
        .isEqualTo(
            json(
                "{next: '2030-01-15T10:15:00Z', times: ['2030-01-15T10:15:00Z',"
                    + " '2030-01-15T10:30:00Z', '2030-01-15T10:45:00Z']}"));
    assertThat(run(piece, "next", "{cron: '0 9 * * MON-FRI'}").get("next").asText())
        .isEqualTo("2030-01-16T09:00:00Z");
  }

  @Test
  void nextReadsTheExpressionInTheTimezone() {
    assertThat(
            run(piece, "next", "{cron: '0 9 * * *', timezone: 'Europe/Paris'}")
                .get("next")
                .asText())
        .isEqualTo("2030-01-16T09:00:00+01:00");
  }

  @Test
  void nextStartsAfterTheGivenTime() {
    assertThat(
            run(piece, "next", "{cron: '@monthly', after: '2030-01-31T12:00:00Z'}")
                .get("next")
                .asText())
        .isEqualTo("2030-02-01T00:00:00Z");
  }

  @Test
  void nextRefusesBadExpressionsAndOnesThatNeverFire() {
    assertThat(failure(piece, "next", "{cron: '* * *'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("must have 5 fields");
    assertThat(failure(piece, "next", "{cron: '61 * * * *'}")).hasMessageContaining("minute field");
    assertThat(failure(piece, "next", "{cron: '0 0 30 2 *'}")).hasMessageContaining("never fires");
    assertThat(failure(piece, "next", "{cron: '* * * * *', count: 0}"))
        .hasMessageContaining("count");
  }
}
