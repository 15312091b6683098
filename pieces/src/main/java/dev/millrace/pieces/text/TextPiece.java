package dev.millrace.pieces.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Pure text helpers. Positions and lengths count characters as people see them (Unicode code
 * points), so an emoji is one character; case changes ignore the machine's locale.
 */
public final class TextPiece implements Piece {
  private static final Prop TEXT = Prop.string("text", "The text").asRequired();

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "concat",
              "Join parts into one text; null parts count as empty, objects as JSON",
              List.of(
                  Prop.array("parts", "The parts, in order").asRequired(),
                  Prop.string("separator", "Put between parts").withDefault(JsonValues.text(""))),
              TextPiece::concat),
          SimpleAction.pure(
              "split",
              "Split text into a list; empty text gives an empty list",
              List.of(
                  TEXT,
                  Prop.string("separator", "Where to split; empty splits into characters")
                      .withDefault(JsonValues.text(",")),
                  Prop.bool("regex", "The separator is a regular expression")
                      .withDefault(BooleanNode.FALSE),
                  Prop.bool("trim", "Trim each item").withDefault(BooleanNode.FALSE)),
              TextPiece::split),
          SimpleAction.pure(
              "replace",
              "Replace a pattern; with regex the replacement may use $1 for groups",
              List.of(
                  TEXT,
                  Prop.string("pattern", "What to look for").asRequired(),
                  Prop.string("replacement", "What to put instead")
                      .withDefault(JsonValues.text("")),
                  Prop.bool("regex", "The pattern is a regular expression")
                      .withDefault(BooleanNode.FALSE),
                  Prop.bool("all", "Replace every match, not just the first")
                      .withDefault(BooleanNode.TRUE)),
              TextPiece::replace),
          mapping("upper", "Upper-case text", s -> s.toUpperCase(Locale.ROOT)),
          mapping("lower", "Lower-case text", s -> s.toLowerCase(Locale.ROOT)),
          mapping("trim", "Remove white space at both ends", String::strip),
          SimpleAction.pure(
              "substring",
              "Part of the text from start up to (not including) end; negative counts from the"
                  + " end; out-of-range positions are clamped",
              List.of(
                  TEXT,
                  Prop.integer("start", "First character, from 0")
                      .withDefault(JsonValues.number(0)),
                  Prop.integer("end", "Stop before this character; the end of the text if absent")),
              TextPiece::substring),
          SimpleAction.pure(
              "length",
              "Number of characters",
              List.of(TEXT),
              c -> JsonValues.number(codePoints(c.inputs().string("text")))),
          SimpleAction.pure(
              "slugify",
              "Make a URL slug: \"Crème Brûlée!\" becomes \"creme-brulee\"",
              List.of(
                  TEXT,
                  Prop.string("separator", "Between words").withDefault(JsonValues.text("-"))),
              c ->
                  JsonValues.text(
                      Slug.of(c.inputs().string("text"), c.inputs().string("separator", "-")))),
          SimpleAction.pure(
              "base64Encode",
              "Base64 of the text's UTF-8 bytes",
              List.of(
                  TEXT,
                  Prop.bool("urlSafe", "Use the URL-safe alphabet, without padding")
                      .withDefault(BooleanNode.FALSE)),
              c ->
                  JsonValues.text(
                      TextCodec.base64Encode(
                          c.inputs().string("text"), c.inputs().bool("urlSafe", false)))),
          mapping(
              "base64Decode",
              "Decode Base64 (standard or URL-safe) into UTF-8 text",
              TextCodec::base64Decode),
          mapping(
              "urlEncode",
              "Percent-encode for a URL component (space is %20)",
              TextCodec::urlEncode),
          mapping("urlDecode", "Decode %XX sequences (and + as space)", TextCodec::urlDecode));

  @Override
  public String name() {
    return "text";
  }

  @Override
  public String description() {
    return "Join, split, replace, cut and encode text";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static Action mapping(String name, String description, UnaryOperator<String> change) {
    return SimpleAction.pure(
        name,
        description,
        List.of(TEXT),
        c -> JsonValues.text(change.apply(c.inputs().string("text"))));
  }

  private static JsonNode concat(ActionContext context) {
    Inputs in = context.inputs();
    var out = new StringBuilder();
    String separator = in.string("separator", "");
    boolean first = true;
    for (JsonNode part : in.json("parts")) {
      if (!first) {
        out.append(separator);
      }
      first = false;
      if (part.isContainerNode()) {
        out.append(part);
      } else if (!part.isNull()) {
        out.append(part.asText());
      }
    }
    return JsonValues.text(out.toString());
  }

  private static JsonNode split(ActionContext context) {
    Inputs in = context.inputs();
    String text = in.string("text");
    String separator = in.string("separator", ",");
    boolean trim = in.bool("trim", false);
    ArrayNode out = JsonValues.NODES.arrayNode();
    if (text.isEmpty()) {
      return out;
    }
    String[] parts;
    if (separator.isEmpty()) {
      parts = text.codePoints().mapToObj(Character::toString).toArray(String[]::new);
    } else {
      Pattern pattern =
          in.bool("regex", false) ? compile(separator, "separator") : literal(separator);
      parts = pattern.split(text, -1);
    }
    for (String part : parts) {
      out.add(trim ? part.strip() : part);
    }
    return out;
  }

  private static JsonNode replace(ActionContext context) {
    Inputs in = context.inputs();
    String text = in.string("text");
    String pattern = in.string("pattern");
    if (pattern.isEmpty()) {
      throw PieceException.permanent("pattern must not be empty");
    }
    boolean regex = in.bool("regex", false);
    String replacement = in.string("replacement", "");
    Matcher matcher = (regex ? compile(pattern, "pattern") : literal(pattern)).matcher(text);
    String quoted = regex ? replacement : Matcher.quoteReplacement(replacement);
    try {
      return JsonValues.text(
          in.bool("all", true) ? matcher.replaceAll(quoted) : matcher.replaceFirst(quoted));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw PieceException.permanent(
          "replacement \"" + replacement + "\" is not valid: " + e.getMessage());
    }
  }

  private static JsonNode substring(ActionContext context) {
    Inputs in = context.inputs();
    String text = in.string("text");
    int length = codePoints(text);
    int start = position(in.integer("start", 0), length);
    int end = in.has("end") ? position(in.integer("end", length), length) : length;
    if (end <= start) {
      return JsonValues.text("");
    }
    return JsonValues.text(
        text.substring(text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end)));
  }

  /** A position within 0..length; negative counts from the end. */
  private static int position(long given, int length) {
    long at = given < 0 ? length + given : given;
    return (int) Math.max(0, Math.min(length, at));
  }

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  private static Pattern literal(String text) {
    return Pattern.compile(Pattern.quote(text));
  }

  private static Pattern compile(String regex, String input) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw PieceException.permanent(
          input + " \"" + regex + "\" is not a valid regular expression: " + e.getDescription());
    }
  }
}
