package dev.millrace.pieces.date;

import dev.millrace.piece.PieceException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Reads dates the way every action of the {@code date} piece does, and writes them back. A date
 * with an offset (or a {@code Z}) keeps it; one without is read in the given zone (UTC when none is
 * given); a plain date means the start of that day; digits alone are milliseconds since
 * 1970-01-01T00:00:00Z. Output is ISO-8601 with an offset, such as {@code 2024-03-01T09:30:00Z}.
 */
final class DateInput {
  static final ZoneId UTC = ZoneOffset.UTC;

  private DateInput() {}

  /**
   * Reads {@code text} without a pattern.
   *
   * @param input the input's name, for the message
   * @throws PieceException (permanent) when it is not a date in a known form
   */
  static ZonedDateTime read(String text, ZoneId zone, String input) {
    String value = text.strip();
    if (value.matches("-?\\d{1,18}")) {
      return Instant.ofEpochMilli(Long.parseLong(value)).atZone(zone);
    }
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              value, ZonedDateTime::from, LocalDateTime::from);
      return parsed instanceof ZonedDateTime zoned ? zoned : ((LocalDateTime) parsed).atZone(zone);
    } catch (DateTimeParseException notDateTime) {
      try {
        return LocalDate.parse(value).atStartOfDay(zone);
      } catch (DateTimeParseException notDate) {
        throw PieceException.permanent(
            input
                + " \""
                + text
                + "\" is not a date; use ISO-8601 such as 2024-03-01, 2024-03-01T09:30:00Z or"
                + " 2024-03-01T09:30:00+01:00, or milliseconds since 1970");
      }
    }
  }

  /**
   * Reads {@code text} with a {@link DateTimeFormatter} pattern such as {@code dd/MM/yyyy HH:mm}.
   *
   * @throws PieceException (permanent) when the pattern is invalid or the text does not match it
   */
  static ZonedDateTime read(String text, String pattern, ZoneId zone, Locale locale) {
    DateTimeFormatter format = formatter(pattern, locale);
    try {
      TemporalAccessor parsed =
          format.parseBest(text.strip(), ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
      return switch (parsed) {
        case ZonedDateTime zoned -> zoned;
        case LocalDateTime local -> local.atZone(zone);
        case LocalDate date -> date.atStartOfDay(zone);
        default -> throw new DateTimeException("incomplete date");
      };
    } catch (DateTimeException e) {
      throw PieceException.permanent(
          "text \"" + text + "\" does not match pattern \"" + pattern + "\": " + e.getMessage());
    }
  }

  /**
   * A formatter for a pattern.
   *
   * @throws PieceException (permanent) when the pattern is invalid
   */
  static DateTimeFormatter formatter(String pattern, Locale locale) {
    try {
      return DateTimeFormatter.ofPattern(pattern, locale);
    } catch (IllegalArgumentException e) {
      throw PieceException.permanent(
          "pattern \"" + pattern + "\" is not a valid date pattern: " + e.getMessage());
    }
  }

  /**
   * A zone id such as {@code Europe/Paris}, {@code UTC} or {@code +02:00}; UTC when null.
   *
   * @throws PieceException (permanent) for an unknown zone
   */
  static ZoneId zone(String id) {
    if (id == null || id.isBlank()) {
      return UTC;
    }
    try {
      return ZoneId.of(id.strip());
    } catch (DateTimeException e) {
      throw PieceException.permanent(
          "timeZone \"" + id + "\" is not a known time zone (e.g. UTC, Europe/Paris, +02:00)");
    }
  }

  /**
   * A locale from a language tag such as {@code en} or {@code fr-FR}; English when null.
   *
   * @throws PieceException (permanent) for a malformed tag
   */
  static Locale locale(String tag) {
    if (tag == null || tag.isBlank()) {
      return Locale.ENGLISH;
    }
    Locale locale = Locale.forLanguageTag(tag.strip());
    if (locale.getLanguage().isEmpty()) {
      throw PieceException.permanent("locale \"" + tag + "\" is not a language tag such as en");
    }
    return locale;
  }

  /** ISO-8601 with offset, e.g. {@code 2024-03-01T09:30:00Z}. */
  static String write(ZonedDateTime date) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(date);
  }
}
