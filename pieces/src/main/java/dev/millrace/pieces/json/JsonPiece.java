package dev.millrace.pieces.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure helpers for JSON values: parse and stringify, read and write by path, deep merge, pick keys.
 * None has an effect outside the run. Paths are described in {@link JsonPath}.
 */
public final class JsonPiece implements Piece {
  private static final Prop VALUE = Prop.any("value", "The JSON value to work on").asRequired();
  private static final Prop PATH =
      Prop.string("path", "Where in the value, e.g. a.b[0].c; empty means the whole value")
          .withDefault(JsonValues.text(""));

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "parse",
              "Parse JSON text into a value",
              List.of(Prop.string("text", "JSON text").asRequired()),
              JsonPiece::parse),
          SimpleAction.pure(
              "stringify",
              "Write a value as JSON text",
              List.of(
                  Prop.any("value", "The value to write"),
                  Prop.bool("pretty", "Indent the output").withDefault(BooleanNode.FALSE)),
              JsonPiece::stringify),
          SimpleAction.pure(
              "get",
              "Read the value at a path; the default (or null) when missing",
              List.of(VALUE, PATH, Prop.any("default", "What to return when the path is missing")),
              JsonPiece::get),
          SimpleAction.pure(
              "set",
              "Return a copy of the value with newValue at a path, creating objects on the way",
              List.of(
                  Prop.any("value", "The value to change (null starts from nothing)"),
                  PATH,
                  Prop.any("newValue", "What to put at the path")),
              JsonPiece::set),
          SimpleAction.pure(
              "merge",
              "Deep-merge objects; later keys win, nested objects are merged, arrays replaced",
              List.of(
                  Prop.array("objects", "Objects to merge, in order"),
                  Prop.object("a", "First object (when objects is not given)"),
                  Prop.object("b", "Second object, merged over a")),
              JsonPiece::merge),
          SimpleAction.pure(
              "pick",
              "Keep only some keys of an object (of each object, for a list of objects)",
              List.of(VALUE, Prop.array("keys", "The keys to keep").asRequired()),
              JsonPiece::pick));

  @Override
  public String name() {
    return "json";
  }

  @Override
  public String description() {
    return "Parse, write, read, change and merge JSON values";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static JsonNode parse(ActionContext context) {
    String text = context.inputs().string("text");
    try {
      JsonNode value = JsonValues.MAPPER.readTree(text);
      if (value == null || value.isMissingNode()) {
        throw PieceException.permanent("text is empty; there is no JSON to parse");
      }
      return value;
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw PieceException.permanent(
          "text is not valid JSON"
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage());
    }
  }

  private static JsonNode stringify(ActionContext context) throws JsonProcessingException {
    Inputs in = context.inputs();
    var writer =
        in.bool("pretty", false)
            ? JsonValues.MAPPER.writerWithDefaultPrettyPrinter()
            : JsonValues.MAPPER.writer();
    return JsonValues.text(writer.writeValueAsString(in.json("value")));
  }

  private static JsonNode get(ActionContext context) {
    Inputs in = context.inputs();
    JsonNode found = JsonPath.parse(in.string("path", "")).read(in.json("value"));
    return found == null || found.isNull() ? in.json("default") : found;
  }

  private static JsonNode set(ActionContext context) {
    Inputs in = context.inputs();
    return JsonPath.parse(in.string("path", "")).write(in.json("value"), in.json("newValue"));
  }

  private static JsonNode merge(ActionContext context) {
    Inputs in = context.inputs();
    var parts = new ArrayList<JsonNode>();
    String source;
    if (in.has("objects")) {
      in.json("objects").forEach(parts::add);
      source = "objects";
      if (in.has("a") || in.has("b")) {
        throw PieceException.permanent("give either objects, or a and b, not both");
      }
    } else {
      parts.add(in.json("a"));
      parts.add(in.json("b"));
      source = "a/b";
    }
    ObjectNode merged = JsonValues.NODES.objectNode();
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      if (part == null || part.isNull()) {
        continue;
      }
      if (!(part instanceof ObjectNode object)) {
        String name = source.equals("objects") ? "objects[" + i + "]" : (i == 0 ? "a" : "b");
        throw PieceException.permanent(
            name + " must be an object, got " + JsonValues.describe(part));
      }
      DeepMerge.into(merged, object);
    }
    return merged;
  }

  private static JsonNode pick(ActionContext context) {
    Inputs in = context.inputs();
    var keys = new ArrayList<String>();
    for (JsonNode key : in.json("keys")) {
      if (key.isContainerNode() || key.isNull()) {
        throw PieceException.permanent("keys must hold names, got " + JsonValues.describe(key));
      }
      keys.add(key.asText());
    }
    JsonNode value = in.json("value");
    if (value instanceof ArrayNode list) {
      ArrayNode out = JsonValues.NODES.arrayNode();
      for (int i = 0; i < list.size(); i++) {
        out.add(pickFrom(list.get(i), keys, "value[" + i + "]"));
      }
      return out;
    }
    return pickFrom(value, keys, "value");
  }

  private static ObjectNode pickFrom(JsonNode value, List<String> keys, String name) {
    if (!(value instanceof ObjectNode object)) {
      throw PieceException.permanent(
          name + " must be an object, got " + JsonValues.describe(value));
    }
    ObjectNode out = JsonValues.NODES.objectNode();
    for (String key : keys) {
      if (object.has(key)) {
        out.set(key, object.get(key).deepCopy());
      }
    }
    return out;
  }
}
