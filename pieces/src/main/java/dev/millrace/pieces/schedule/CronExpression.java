package dev.millrace.pieces.schedule;

import dev.millrace.piece.PieceException;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A classic five-field cron expression: minute, hour, day of month, month, day of week. Each field
 * is {@code *}, a value, a range {@code a-b}, a step <code>*&#47;n</code>, {@code a-b/n} or {@code
 * a/n}, or a comma list of these; months and days may be named ({@code JAN}, {@code MON}); day of
 * week 0 and 7 are both Sunday. As in most crons, when both day fields are restricted a day matches
 * if either does. {@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily} and
 * {@code @hourly} are accepted. Immutable and thread-safe.
 */
final class CronExpression {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** How far ahead to look before deciding an expression never fires (covers Feb 29). */
  private static final int YEARS_AHEAD = 8;

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean dayOfMonthAny;
  private final boolean dayOfWeekAny;

  private CronExpression(String[] fields) {
    minutes = field(fields[0], "minute", 0, 59, List.of(), 0);
    hours = field(fields[1], "hour", 0, 23, List.of(), 0);
    daysOfMonth = field(fields[2], "day of month", 1, 31, List.of(), 0);
    months = field(fields[3], "month", 1, 12, MONTHS, 1);
    BitSet days = field(fields[4], "day of week", 0, 7, DAYS, 0);
    if (days.get(7)) {
      days.set(0);
    }
    daysOfWeek = days;
    dayOfMonthAny = fields[2].startsWith("*");
    dayOfWeekAny = fields[4].startsWith("*");
  }

  /**
   * Parses an expression.
   *
   * @throws PieceException (permanent) naming the field at fault
   */
  static CronExpression parse(String text) {
    String expanded = MACROS.getOrDefault(text.strip().toLowerCase(Locale.ROOT), text.strip());
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw PieceException.permanent(
          "cron \""
              + text
              + "\" must have 5 fields (minute hour day-of-month month day-of-week), has "
              + fields.length);
    }
    return new CronExpression(fields);
  }

  /**
   * The first time strictly after {@code after}, to the minute, in {@code after}'s zone; empty when
   * the expression never fires (such as {@code 0 0 30 2 *}). A local time skipped by a
   * daylight-saving change does not fire that day.
   */
  Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    int lastYear = after.getYear() + YEARS_AHEAD;
    while (t.getYear() <= lastYear) {
      if (!months.get(t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(t.getZone());
      } else if (!dayMatches(t)) {
        t = t.toLocalDate().plusDays(1).atStartOfDay(t.getZone());
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (dayOfMonthAny || dayOfWeekAny) {
      return dom && dow;
    }
    return dom || dow;
  }

  private static BitSet field(
      String text, String name, int min, int max, List<String> names, int firstNameValue) {
    var bits = new BitSet(max + 1);
    for (String item : text.split(",", -1)) {
      String range = item;
      int step = 1;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(item.substring(slash + 1), name, text, List.of(), 0);
        if (step < 1) {
          throw fault(name, text, "a step must be 1 or more");
        }
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        int dash = range.indexOf('-');
        from = number(range.substring(0, dash), name, text, names, firstNameValue);
        to = number(range.substring(dash + 1), name, text, names, firstNameValue);
      } else {
        from = number(range, name, text, names, firstNameValue);
        to = slash >= 0 ? max : from;
      }
      if (from < min || to > max || from > to) {
        throw fault(name, text, "values must be within " + min + "-" + max + ", low to high");
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(
      String text, String name, String field, List<String> names, int firstNameValue) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + firstNameValue;
    }
    if (!text.matches("\\d{1,2}")) {
      throw fault(
          name, field, "\"" + text + "\" is not a number" + (names.isEmpty() ? "" : " or name"));
    }
    return Integer.parseInt(text);
  }

  private static PieceException fault(String name, String field, String why) {
    return PieceException.permanent(
        "cron " + name + " field \"" + field + "\" is not valid: " + why);
  }
}
