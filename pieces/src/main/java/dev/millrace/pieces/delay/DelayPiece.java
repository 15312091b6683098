package dev.millrace.pieces.delay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Pauses a run for a while or until a moment. The step only asks to pause ({@code throw
 * ctx.pauseUntil(...)}); the run is resumed, and the step completed, by the engine when the time
 * comes, so no worker waits in between. Both actions are effect-free: a pause changes nothing
 * outside the run.
 */
public final class DelayPiece implements Piece {
  private static final List<String> UNITS = List.of("seconds", "minutes", "hours", "days");
  private static final long[] UNIT_MILLIS = {1_000L, 60_000L, 3_600_000L, 86_400_000L};

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "for",
              "Wait for a duration: any mix of seconds, minutes, hours and days, added up",
              List.of(
                  Prop.number("seconds", "Seconds to wait"),
                  Prop.number("minutes", "Minutes to wait"),
                  Prop.number("hours", "Hours to wait"),
                  Prop.number("days", "Days to wait")),
              DelayPiece::waitFor),
          SimpleAction.pure(
              "until",
              "Wait until a moment; a moment already past continues at once",
              List.of(
                  Prop.string(
                          "until",
                          "ISO-8601 instant or date-time with offset, e.g. 2030-01-31T09:00:00Z"
                              + " or 2030-01-31T09:00:00+01:00")
                      .asRequired()),
              DelayPiece::waitUntil));

  @Override
  public String name() {
    return "delay";
  }

  @Override
  public String description() {
    return "Pause the run for a while or until a given time";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static JsonNode waitFor(ActionContext context) {
    Inputs in = context.inputs();
    BigDecimal totalMillis = BigDecimal.ZERO;
    boolean any = false;
    for (int i = 0; i < UNITS.size(); i++) {
      String unit = UNITS.get(i);
      if (!in.has(unit)) {
        continue;
      }
      any = true;
      BigDecimal amount = JsonValues.decimal(in.json(unit), unit);
      if (amount.signum() < 0) {
        throw PieceException.permanent(unit + " must not be negative, got " + amount);
      }
      totalMillis = totalMillis.add(amount.multiply(BigDecimal.valueOf(UNIT_MILLIS[i])));
    }
    if (!any) {
      throw PieceException.permanent("give at least one of seconds, minutes, hours or days");
    }
    long millis = totalMillis.setScale(0, RoundingMode.HALF_UP).longValue();
    if (millis <= 0) {
      throw PieceException.permanent("the delay must add up to more than 0 seconds");
    }
    Instant resumeAt;
    try {
      resumeAt = context.now().plusMillis(millis);
    } catch (DateTimeException | ArithmeticException e) {
      throw PieceException.permanent("the delay of " + millis + " ms is too long");
    }
    ObjectNode data = JsonValues.NODES.objectNode();
    data.put("resumeAt", resumeAt.toString());
    data.put("delayMs", millis);
    throw context.pauseUntil(resumeAt, data);
  }

  private static JsonNode waitUntil(ActionContext context) {
    String text = context.inputs().string("until");
    Instant until = parseMoment(text);
    Instant now = context.now();
    if (!until.isAfter(now)) {
      ObjectNode out = JsonValues.NODES.objectNode();
      out.put("resumedAt", now.toString());
      out.put("skipped", true);
      return out;
    }
    ObjectNode data = JsonValues.NODES.objectNode();
    data.put("resumeAt", until.toString());
    throw context.pauseUntil(until, data);
  }

  /** An instant ({@code ...Z}), a date-time with offset, or one with offset and zone id. */
  static Instant parseMoment(String text) {
    String value = text.strip();
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return ZonedDateTime.parse(value).toInstant();
      } catch (DateTimeParseException again) {
        throw PieceException.permanent(
            "until \""
                + text
                + "\" is not an ISO-8601 date-time with offset, e.g. 2030-01-31T09:00:00Z or"
                + " 2030-01-31T09:00:00+01:00");
      }
    }
  }
}
