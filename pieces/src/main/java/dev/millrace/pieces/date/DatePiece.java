package dev.millrace.pieces.date;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Pure date helpers. How dates are read and written is described in {@link DateInput}; units in
 * {@link DateUnit}. {@code now} reads the engine's clock ({@link ActionContext#now()}) but has no
 * effect outside the run: its output is journaled like any other.
 */
public final class DatePiece implements Piece {
  private static final Prop TIME_ZONE =
      Prop.string(
          "timeZone", "Zone for dates without an offset (and for output), e.g. Europe/Paris; UTC");
  private static final Prop LOCALE =
      Prop.string("locale", "Language for month and day names, e.g. en, fr-FR")
          .withDefault(JsonValues.text("en"));
  private static final Prop UNIT =
      Prop.string("unit", "milliseconds, seconds, minutes, hours, days, weeks, months or years")
          .asRequired()
          .oneOf(DateUnit.names().toArray(String[]::new));

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "now",
              "The current time, as ISO-8601 or in a pattern",
              List.of(
                  Prop.string("format", "A pattern such as yyyy-MM-dd HH:mm; ISO-8601 if absent"),
                  TIME_ZONE,
                  LOCALE),
              DatePiece::now),
          SimpleAction.pure(
              "add",
              "Add an amount of a unit to a date (negative subtracts)",
              List.of(
                  Prop.string("date", "The date").asRequired(),
                  Prop.number("amount", "How many units; fractions only up to hours").asRequired(),
                  UNIT,
                  TIME_ZONE),
              DatePiece::add),
          SimpleAction.pure(
              "diff",
              "How much later b is than a, in a unit (negative when b is earlier)",
              List.of(
                  Prop.string("a", "The earlier date").asRequired(),
                  Prop.string("b", "The later date").asRequired(),
                  UNIT,
                  TIME_ZONE),
              DatePiece::diff),
          SimpleAction.pure(
              "format",
              "Write a date with a pattern such as dd/MM/yyyy HH:mm",
              List.of(
                  Prop.string("date", "The date").asRequired(),
                  Prop.string("pattern", "A java.time pattern").asRequired(),
                  Prop.string("timeZone", "Convert to this zone first; the date's own if absent"),
                  LOCALE),
              DatePiece::format),
          SimpleAction.pure(
              "parse",
              "Read a date (with a pattern, or any ISO-8601 form) into ISO-8601",
              List.of(
                  Prop.string("text", "The text to read").asRequired(),
                  Prop.string("pattern", "A java.time pattern; ISO-8601 if absent"),
                  TIME_ZONE,
                  LOCALE),
              DatePiece::parse));

  @Override
  public String name() {
    return "date";
  }

  @Override
  public String description() {
    return "Read, write, shift and compare dates";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static JsonNode now(ActionContext context) {
    Inputs in = context.inputs();
    ZonedDateTime now = context.now().atZone(DateInput.zone(in.string("timeZone")));
    if (!in.has("format")) {
      return JsonValues.text(DateInput.write(now));
    }
    return JsonValues.text(format(now, in.string("format"), DateInput.locale(in.string("locale"))));
  }

  private static JsonNode add(ActionContext context) {
    Inputs in = context.inputs();
    ZoneId zone = DateInput.zone(in.string("timeZone"));
    ZonedDateTime date = DateInput.read(in.string("date"), zone, "date");
    DateUnit unit = DateUnit.named(in.string("unit"));
    return JsonValues.text(
        DateInput.write(unit.add(date, JsonValues.decimal(in.json("amount"), "amount"))));
  }

  private static JsonNode diff(ActionContext context) {
    Inputs in = context.inputs();
    ZoneId zone = DateInput.zone(in.string("timeZone"));
    ZonedDateTime a = DateInput.read(in.string("a"), zone, "a");
    ZonedDateTime b = DateInput.read(in.string("b"), zone, "b");
    return JsonValues.number(DateUnit.named(in.string("unit")).between(a, b));
  }

  private static JsonNode format(ActionContext context) {
    Inputs in = context.inputs();
    ZonedDateTime date = DateInput.read(in.string("date"), DateInput.UTC, "date");
    if (in.has("timeZone")) {
      date = date.withZoneSameInstant(DateInput.zone(in.string("timeZone")));
    }
    return JsonValues.text(
        format(date, in.string("pattern"), DateInput.locale(in.string("locale"))));
  }

  private static String format(ZonedDateTime date, String pattern, Locale locale) {
    try {
      return DateInput.formatter(pattern, locale).format(date);
    } catch (DateTimeException e) {
      throw PieceException.permanent(
          "pattern \"" + pattern + "\" cannot format " + date + ": " + e.getMessage());
    }
  }

  private static JsonNode parse(ActionContext context) {
    Inputs in = context.inputs();
    ZoneId zone = DateInput.zone(in.string("timeZone"));
    String text = in.string("text");
    ZonedDateTime date =
        in.has("pattern")
            ? DateInput.read(
                text, in.string("pattern"), zone, DateInput.locale(in.string("locale")))
            : DateInput.read(text, zone, "text");
    return JsonValues.text(DateInput.write(date));
  }
}
