package dev.millrace.pieces.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.KeyValueStore.Scope;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the key-value store ({@link ActionContext#store()}). Every action takes a {@code
 * key} and a {@code scope}: {@code run} (this run only), {@code flow} (every run of this flow, the
 * default) or {@code project}.
 *
 * <p>Writes (put, delete, append, increment) have external effects: they outlive the run. They are
 * keyed by the step's idempotency key ({@link KeyValueStore#forStep}), so a write that runs again
 * after a crash answers what it did the first time and changes nothing twice; that lets the engine
 * journal them lazily. {@code get} is declared effect-free: it only reads, and if it runs again
 * after a crash it reads again. Its output is journaled before any later step with an effect
 * starts, so nothing outside ever acts on a read that the journal does not hold.
 */
public final class StorePiece implements Piece {
  private static final Prop KEY = Prop.string("key", "The key").asRequired();
  private static final Prop SCOPE =
      Prop.string("scope", "run: this run only; flow: every run of this flow; project: all flows")
          .withDefault(JsonValues.text("flow"))
          .oneOf("run", "flow", "project");

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "get",
              "Read a key; the default (or null) when it is missing",
              List.of(KEY, SCOPE, Prop.any("default", "What to return when the key is missing")),
              StorePiece::get),
          SimpleAction.keyed(
              "put",
              "Write a value under a key",
              List.of(KEY, Prop.any("value", "The value to store").asRequired(), SCOPE),
              StorePiece::put),
          SimpleAction.keyed(
              "delete",
              "Remove a key; returns {deleted: true} when it existed",
              List.of(KEY, SCOPE),
              StorePiece::delete),
          SimpleAction.keyed(
              "append",
              "Append a value to the list at a key (created when missing); returns the list",
              List.of(KEY, Prop.any("value", "The item to append").asRequired(), SCOPE),
              StorePiece::append),
          SimpleAction.keyed(
              "increment",
              "Add delta to the number at a key (0 when missing); returns the new number",
              List.of(
                  KEY,
                  Prop.number("delta", "How much to add; may be negative")
                      .withDefault(JsonValues.number(1)),
                  SCOPE),
              StorePiece::increment));

  @Override
  public String name() {
    return "store";
  }

  @Override
  public String description() {
    return "Keep values between steps and runs in the key-value store";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static JsonNode get(ActionContext context) {
    JsonNode fallback = context.inputs().json("default");
    return store(context).get(scope(context), key(context)).orElse(fallback);
  }

  private static JsonNode put(ActionContext context) {
    String key = key(context);
    JsonNode value = context.inputs().json("value");
    store(context).put(scope(context), key, value);
    ObjectNode out = JsonValues.NODES.objectNode();
    out.put("key", key);
    out.set("value", value);
    return out;
  }

  private static JsonNode delete(ActionContext context) {
    boolean deleted = store(context).delete(scope(context), key(context));
    return JsonValues.NODES.objectNode().put("deleted", deleted);
  }

  private static JsonNode append(ActionContext context) {
    return store(context).append(scope(context), key(context), context.inputs().json("value"));
  }

  private static JsonNode increment(ActionContext context) {
    double delta = JsonValues.decimal(context.inputs().json("delta"), "delta").doubleValue();
    return JsonValues.number(store(context).increment(scope(context), key(context), delta));
  }

  private static KeyValueStore store(ActionContext context) {
    return context.store();
  }

  private static String key(ActionContext context) {
    String key = context.inputs().string("key");
    if (key == null || key.isBlank()) {
      throw PieceException.permanent("key must not be empty");
    }
    return key;
  }

  private static Scope scope(ActionContext context) {
    String scope = context.inputs().string("scope", "flow");
    try {
      return Scope.valueOf(scope.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw PieceException.permanent("scope \"" + scope + "\" is not one of run, flow, project");
    }
  }
}
