package dev.millrace.queue.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * A cron pattern as Node BullMQ's schedulers take them: five fields (minute hour day-of-month month
 * day-of-week) or six with seconds first. Fields accept {@code *}, {@code ?}, lists, ranges, steps,
 * and month/day names; day-of-week 0 and 7 are Sunday. When both day fields are restricted, either
 * may match (classic cron). Immutable.
 */
public final class CronSchedule {
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final String pattern;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  public CronSchedule(String pattern) {
    this.pattern = pattern;
    String[] f = pattern.trim().split("\\s+");
    if (f.length != 5 && f.length != 6) {
      throw new IllegalArgumentException(
          "cron pattern needs 5 or 6 fields, got " + f.length + ": " + pattern);
    }
    int o = f.length == 6 ? 1 : 0;
    seconds = o == 1 ? parse(f[0], 0, 59, null, "second") : single(0);
    minutes = parse(f[o], 0, 59, null, "minute");
    hours = parse(f[o + 1], 0, 23, null, "hour");
    daysOfMonth = parse(f[o + 2], 1, 31, null, "day of month");
    months = parse(f[o + 3], 1, 12, MONTHS, "month");
    BitSet dow = parse(f[o + 4], 0, 7, DAYS, "day of week");
    if (dow.get(7)) {
      dow.set(0);
    }
    daysOfWeek = dow;
    domRestricted = !isWildcard(f[o + 2]);
    dowRestricted = !isWildcard(f[o + 4]);
  }

  public String pattern() {
    return pattern;
  }

  private static boolean isWildcard(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static BitSet single(int v) {
    BitSet b = new BitSet();
    b.set(v);
    return b;
  }

  private static BitSet parse(String field, int min, int max, String[] names, String what) {
    BitSet bits = new BitSet();
    for (String part : field.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = Integer.parseInt(part.substring(slash + 1));
        range = part.substring(0, slash);
        if (step < 1) {
          throw new IllegalArgumentException("cron " + what + " step must be positive: " + part);
        }
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        lo = value(ends[0], names, min, what);
        hi = value(ends[1], names, min, what);
      } else {
        lo = value(range, names, min, what);
        hi = slash >= 0 ? max : lo;
      }
      if (lo < min || hi > max || lo > hi) {
        throw new IllegalArgumentException("cron " + what + " out of range: " + part);
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int value(String s, String[] names, int min, String what) {
    if (names != null) {
      String upper = s.toUpperCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(upper)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cron " + what + " is not a number: " + s);
    }
  }

  /**
   * The first fire time strictly after {@code after}, in {@code zone}; throws if none in 5 years.
   */
  public long nextAfter(long afterMillis, ZoneId zone) {
    ZonedDateTime t =
        Instant.ofEpochMilli(afterMillis)
            .atZone(zone)
            .truncatedTo(ChronoUnit.SECONDS)
            .plusSeconds(1);
    ZonedDateTime limit = t.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
      } else {
        return t.toInstant().toEpochMilli();
      }
    }
    throw new IllegalArgumentException("cron pattern never fires: " + pattern);
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (domRestricted && dowRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }
}
