package dev.millrace.pieces.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.piece.TriggerDefinition;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The {@code schedule} trigger (the app runs the flow on a cron expression or every N seconds) and
 * {@code next}, an effect-free helper that shows when a cron expression fires next.
 */
public final class SchedulePiece implements Piece {
  static final int MAX_COUNT = 100;

  private static final Prop TIMEZONE =
      Prop.string("timezone", "Zone the expression is read in, e.g. Europe/Paris")
          .withDefault(JsonValues.text("UTC"));

  private static final List<TriggerDefinition> TRIGGERS =
      List.of(
          new TriggerDefinition(
              "schedule",
              "Start a run on a cron expression or every N seconds",
              List.of(
                  Prop.string("cron", "Five fields: minute hour day-of-month month day-of-week"),
                  Prop.integer("everySeconds", "Run every this many seconds (instead of cron)"),
                  TIMEZONE)));

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "next",
              "When a cron expression fires next: {next, times}",
              List.of(
                  Prop.string("cron", "Five fields: minute hour day-of-month month day-of-week")
                      .asRequired(),
                  TIMEZONE,
                  Prop.string("after", "Start after this ISO-8601 date-time; now if absent"),
                  Prop.integer("count", "How many times to list, 1 to " + MAX_COUNT)
                      .withDefault(JsonValues.number(1))),
              SchedulePiece::next));

  @Override
  public String name() {
    return "schedule";
  }

  @Override
  public String description() {
    return "Start runs on a schedule";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  @Override
  public List<TriggerDefinition> triggers() {
    return TRIGGERS;
  }

  private static JsonNode next(ActionContext context) {
    Inputs in = context.inputs();
    CronExpression cron = CronExpression.parse(in.string("cron"));
    ZoneId zone = zone(in.string("timezone", "UTC"));
    long count = in.integer("count", 1);
    if (count < 1 || count > MAX_COUNT) {
      throw PieceException.permanent("count must be 1 to " + MAX_COUNT + ", got " + count);
    }
    ZonedDateTime at =
        in.has("after")
            ? after(in.string("after")).withZoneSameInstant(zone)
            : context.now().atZone(zone);
    ArrayNode times = JsonValues.NODES.arrayNode();
    for (int i = 0; i < count; i++) {
      var next = cron.next(at);
      if (next.isEmpty()) {
        break;
      }
      at = next.get();
      times.add(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));
    }
    if (times.isEmpty()) {
      throw PieceException.permanent("cron \"" + in.string("cron") + "\" never fires");
    }
    ObjectNode out = JsonValues.NODES.objectNode();
    out.set("next", times.get(0));
    out.set("times", times);
    return out;
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id.strip());
    } catch (DateTimeException e) {
      throw PieceException.permanent("timezone \"" + id + "\" is not a known time zone");
    }
  }

  private static ZonedDateTime after(String text) {
    try {
      return OffsetDateTime.parse(text.strip()).toZonedDateTime();
    } catch (DateTimeParseException e) {
      throw PieceException.permanent(
          "after \""
              + text
              + "\" is not an ISO-8601 date-time with offset, e.g. 2030-01-31T09:00Z");
    }
  }
}
