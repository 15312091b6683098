package dev.millrace.pieces.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.piece.PieceException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static String next(String cron, String after) {
    return CronExpression.parse(cron)
        .next(ZonedDateTime.parse(after))
        .map(ZonedDateTime::toString)
        .orElse("never");
  }

  @Test
  void everyMinuteIsTheNextWholeMinute() {
    assertThat(next("* * * * *", "2030-01-15T10:00:30Z")).isEqualTo("2030-01-15T10:01Z");
    assertThat(next("* * * * *", "2030-01-15T10:00Z")).isEqualTo("2030-01-15T10:01Z");
  }

  @Test
  void rangesListsAndSteps() {
    assertThat(next("5,35 8-9 * * *", "2030-01-15T09:40Z")).isEqualTo("2030-01-16T08:05Z");
    assertThat(next("10-50/20 * * * *", "2030-01-15T10:31Z")).isEqualTo("2030-01-15T10:50Z");
    assertThat(next("30/15 * * * *", "2030-01-15T10:46Z")).isEqualTo("2030-01-15T11:30Z");
  }

  @Test
  void namesForMonthsAndDaysAndSevenIsSunday() {
    assertThat(next("0 0 1 MAR *", "2030-01-15T10:00Z")).isEqualTo("2030-03-01T00:00Z");
    assertThat(next("0 12 * * 7", "2030-01-15T10:00Z")).isEqualTo("2030-01-20T12:00Z");
    assertThat(next("0 12 * * sun", "2030-01-15T10:00Z")).isEqualTo("2030-01-20T12:00Z");
  }

  @Test
  void restrictedDayOfMonthAndWeekMatchEither() {
    // the 20th, or any Friday: Friday 2030-01-18 comes first
    assertThat(next("0 0 20 * FRI", "2030-01-15T10:00Z")).isEqualTo("2030-01-18T00:00Z");
    // only the 20th when the day of week is *
    assertThat(next("0 0 20 * *", "2030-01-15T10:00Z")).isEqualTo("2030-01-20T00:00Z");
  }

  @Test
  void leapDayIsFoundYearsAhead() {
    assertThat(next("0 0 29 2 *", "2030-01-15T10:00Z")).isEqualTo("2032-02-29T00:00Z");
    assertThat(next("0 0 31 4 *", "2030-01-15T10:00Z")).isEqualTo("never");
  }

  @Test
  void skippedLocalTimeDoesNotFireThatDay() {
    // 02:30 does not exist in Paris on 2030-03-31 (clocks jump from 02:00 to 03:00)
    ZonedDateTime before = ZonedDateTime.of(2030, 3, 30, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
    assertThat(CronExpression.parse("30 2 * * *").next(before).orElseThrow().toLocalDate())
        .hasToString("2030-04-01");
    assertThat(CronExpression.parse("0 * * * *").next(before.withZoneSameInstant(UTC))).isPresent();
  }

  @Test
  void malformedFieldsAreNamed() {
    assertThatThrownBy(() -> CronExpression.parse("* 24 * * *"))
        .isInstanceOf(PieceException.class)
        .hasMessageContaining("hour field \"24\"");
    assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("step");
    assertThatThrownBy(() -> CronExpression.parse("* * * FOO *"))
        .hasMessageContaining("\"FOO\" is not a number or name");
    assertThatThrownBy(() -> CronExpression.parse("5-1 * * * *"))
        .hasMessageContaining("low to high");
  }
}
