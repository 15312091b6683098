package dev.millrace.pieces.date;

import dev.millrace.piece.PieceException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The units {@code date.add} and {@code date.diff} take. Units up to hours are fixed lengths and
 * may be fractional; days and longer follow the calendar of the date's zone (adding a day across a
 * daylight-saving change keeps the time of day) and must be whole when added.
 */
enum DateUnit {
  MILLISECONDS(ChronoUnit.MILLIS),
  SECONDS(ChronoUnit.SECONDS),
  MINUTES(ChronoUnit.MINUTES),
  HOURS(ChronoUnit.HOURS),
  DAYS(ChronoUnit.DAYS),
  WEEKS(ChronoUnit.WEEKS),
  MONTHS(ChronoUnit.MONTHS),
  YEARS(ChronoUnit.YEARS);

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private final ChronoUnit chrono;

  DateUnit(ChronoUnit chrono) {
    this.chrono = chrono;
  }

  /** The names flows use: milliseconds, seconds, ... years. */
  static List<String> names() {
    return Arrays.stream(values()).map(u -> u.name().toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * The unit a flow named.
   *
   * @throws PieceException (permanent) for an unknown name
   */
  static DateUnit named(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw PieceException.permanent(
          "unit \"" + name + "\" is not one of " + String.join(", ", names()));
    }
  }

  private boolean isCalendar() {
    return ordinal() >= DAYS.ordinal();
  }

  /**
   * {@code date} plus {@code amount} of this unit.
   *
   * @throws PieceException (permanent) for a fractional calendar amount or a result out of range
   */
  ZonedDateTime add(ZonedDateTime date, BigDecimal amount) {
    try {
      if (isCalendar()) {
        if (amount.signum() != 0 && amount.stripTrailingZeros().scale() > 0) {
          throw PieceException.permanent(
              "amount must be a whole number of "
                  + name().toLowerCase(Locale.ROOT)
                  + ", got "
                  + amount.toPlainString()
                  + "; use a smaller unit for fractions");
        }
        return date.plus(amount.longValueExact(), chrono);
      }
      BigDecimal nanos = amount.multiply(BigDecimal.valueOf(chrono.getDuration().toNanos()));
      return date.plus(Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact()));
    } catch (ArithmeticException | DateTimeException e) {
      throw PieceException.permanent(
          "adding "
              + amount.toPlainString()
              + " "
              + name().toLowerCase(Locale.ROOT)
              + " goes beyond the dates that can be represented");
    }
  }

  /**
   * How much later {@code b} is than {@code a} in this unit (negative when earlier). Months and
   * years count whole months in {@code a}'s zone; other units are exact and may be fractional (a
   * day is 24 hours here).
   */
  BigDecimal between(ZonedDateTime a, ZonedDateTime b) {
    if (this == MONTHS || this == YEARS) {
      return BigDecimal.valueOf(chrono.between(a, b.withZoneSameInstant(a.getZone())));
    }
    Duration span = Duration.between(a, b);
    BigDecimal nanos =
        BigDecimal.valueOf(span.getSeconds())
            .multiply(NANOS_PER_SECOND)
            .add(BigDecimal.valueOf(span.getNano()));
    BigDecimal unitNanos =
        BigDecimal.valueOf(chrono.getDuration().getSeconds())
            .multiply(NANOS_PER_SECOND)
            .add(BigDecimal.valueOf(chrono.getDuration().getNano()));
    return nanos.divide(unitNanos, MathContext.DECIMAL64);
  }
}
