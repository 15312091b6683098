package dev.millrace.pieces.date;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.TestContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatePieceTest {
  private final DatePiece piece = new DatePiece();

  private String text(String action, String inputs) {
    JsonNode out = run(piece, action, inputs);
    assertThat(out.isTextual()).as("%s returns text", action).isTrue();
    return out.asText();
  }

  @Test
  void nowIsTheEnginesClockInIso() {
    assertThat(text("now", "{}")).isEqualTo("2030-01-15T10:00:00Z");
    assertThat(text("now", "{timeZone: 'Europe/Paris'}")).isEqualTo("2030-01-15T11:00:00+01:00");
    assertThat(
            TestContext.of(piece, "now", "{}")
                .now(Instant.parse("2031-02-03T04:05:06.789Z"))
                .run()
                .asText())
        .isEqualTo("2031-02-03T04:05:06.789Z");
  }

  @Test
  void nowWithAFormatZoneAndLocale() {
    assertThat(text("now", "{format: 'yyyy-MM-dd HH:mm', timeZone: 'America/New_York'}"))
        .isEqualTo("2030-01-15 05:00");
    assertThat(text("now", "{format: 'EEEE d MMMM', locale: 'fr'}")).isEqualTo("mardi 15 janvier");
  }

  @Test
  void addFollowsTheCalendarForMonthsAndYears() {
    assertThat(text("add", "{date: '2024-01-31T10:00:00Z', amount: 1, unit: 'months'}"))
        .isEqualTo("2024-02-29T10:00:00Z");
    assertThat(text("add", "{date: '2024-02-29T10:00:00Z', amount: 1, unit: 'years'}"))
        .isEqualTo("2025-02-28T10:00:00Z");
    assertThat(text("add", "{date: '2024-03-10', amount: -2, unit: 'weeks'}"))
        .isEqualTo("2024-02-25T00:00:00Z");
  }

  @Test
  void addTakesFractionsOfShortUnits() {
    assertThat(text("add", "{date: '2024-01-01T10:00:00Z', amount: 1.5, unit: 'hours'}"))
        .isEqualTo("2024-01-01T11:30:00Z");
    assertThat(text("add", "{date: '0', amount: 1500, unit: 'milliseconds'}"))
        .isEqualTo("1970-01-01T00:00:01.5Z");
    assertThat(failure(piece, "add", "{date: '2024-01-01', amount: 1.5, unit: 'days'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("whole number of days");
  }

  @Test
  void addKeepsTheDatesOffsetAndCrossesDaylightSavingByTheCalendar() {
    assertThat(text("add", "{date: '2024-01-01T10:00:00+05:30', amount: 1, unit: 'hours'}"))
        .isEqualTo("2024-01-01T11:00:00+05:30");
    String paris = "date: '2024-03-30T12:00:00', timeZone: 'Europe/Paris'";
    assertThat(text("add", "{" + paris + ", amount: 1, unit: 'days'}"))
        .isEqualTo("2024-03-31T12:00:00+02:00");
    assertThat(text("add", "{" + paris + ", amount: 24, unit: 'hours'}"))
        .isEqualTo("2024-03-31T13:00:00+02:00");
  }

  @Test
  void diffIsHowMuchLaterBIsThanA() {
    String ab = "a: '2024-01-01T00:00:00Z', b: '2024-01-01T01:30:00Z'";
    assertThat(run(piece, "diff", "{" + ab + ", unit: 'hours'}").asDouble()).isEqualTo(1.5);
    JsonNode minutes = run(piece, "diff", "{" + ab + ", unit: 'minutes'}");
    assertThat(minutes.isIntegralNumber()).isTrue();
    assertThat(minutes.asLong()).isEqualTo(90);
    assertThat(run(piece, "diff", "{a: '2024-01-02', b: '2024-01-01', unit: 'days'}").asLong())
        .isEqualTo(-1);
  }

  @Test
  void diffAcrossOffsetsComparesInstants() {
    assertThat(
            run(
                    piece,
                    "diff",
                    "{a: '2024-01-01T10:00:00+02:00', b: '2024-01-01T08:00:00Z', unit: 'seconds'}")
                .asLong())
        .isZero();
  }

  @Test
  void diffInMonthsAndYearsCountsWholeOnes() {
    assertThat(run(piece, "diff", "{a: '2024-01-31', b: '2024-03-30', unit: 'months'}").asLong())
        .isEqualTo(1);
    assertThat(run(piece, "diff", "{a: '2020-06-01', b: '2024-05-31', unit: 'years'}").asLong())
        .isEqualTo(3);
  }

  @Test
  void formatWritesWithAPatternInTheDatesOwnZoneOrTheOneGiven() {
    assertThat(text("format", "{date: '2024-03-01T09:30:00Z', pattern: 'dd/MM/yyyy HH:mm'}"))
        .isEqualTo("01/03/2024 09:30");
    assertThat(
            text(
                "format",
                "{date: '2024-03-01T09:30:00Z', pattern: 'dd/MM HH:mm', timeZone: 'Asia/Tokyo'}"))
        .isEqualTo("01/03 18:30");
    assertThat(text("format", "{date: '2024-03-01T09:30:00+02:00', pattern: 'HH:mm xxx'}"))
        .isEqualTo("09:30 +02:00");
    assertThat(text("format", "{date: '2024-03-01', pattern: 'MMMM d', locale: 'de'}"))
        .isEqualTo("März 1");
  }

  @Test
  void formatRefusesBadPatterns() {
    assertThat(failure(piece, "format", "{date: '2024-03-01', pattern: 'yyyy-{bad'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("not a valid date pattern");
  }

  @Test
  void parseWithAPatternReadsInTheGivenZone() {
    assertThat(text("parse", "{text: '01/03/2024 09:30', pattern: 'dd/MM/yyyy HH:mm'}"))
        .isEqualTo("2024-03-01T09:30:00Z");
    assertThat(
            text(
                "parse",
                "{text: '01/03/2024 09:30', pattern: 'dd/MM/yyyy HH:mm',"
                    + " timeZone: 'Europe/Paris'}"))
        .isEqualTo("2024-03-01T09:30:00+01:00");
    assertThat(text("parse", "{text: 'March 5, 2024', pattern: 'MMMM d, yyyy'}"))
        .isEqualTo("2024-03-05T00:00:00Z");
    assertThat(text("parse", "{text: '2024-03-05 10:00 +0200', pattern: 'yyyy-MM-dd HH:mm Z'}"))
        .isEqualTo("2024-03-05T10:00:00+02:00");
  }

  @Test
  void parseWithoutAPatternTakesIsoFormsAndEpochMillis() {
    assertThat(text("parse", "{text: '2024-03-01'}")).isEqualTo("2024-03-01T00:00:00Z");
    assertThat(text("parse", "{text: '2024-03-01T09:30'}")).isEqualTo("2024-03-01T09:30:00Z");
    assertThat(text("parse", "{text: '2024-03-01T09:30:00.5+01:00'}"))
        .isEqualTo("2024-03-01T09:30:00.5+01:00");
    assertThat(text("parse", "{text: '1700000000000'}")).isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void unreadableDatesAndZonesArePermanent() {
    assertThat(failure(piece, "parse", "{text: 'next tuesday'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("is not a date");
    assertThat(failure(piece, "parse", "{text: '2024/03/01', pattern: 'dd.MM.yyyy'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("does not match pattern");
    assertThat(failure(piece, "now", "{timeZone: 'Mars/Olympus'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("not a known time zone");
    assertThat(failure(piece, "add", "{date: '2024-13-45', amount: 1, unit: 'days'}"))
        .matches(PieceException::isPermanent);
  }

  @Test
  void everyDateActionIsEffectFree() {
    assertThat(piece.actions()).noneMatch(a -> a.hasExternalEffect());
  }
}
