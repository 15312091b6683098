package dev.millrace.pieces.uuid;

import dev.millrace.piece.Action;
import dev.millrace.piece.Piece;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.util.List;
import java.util.UUID;

/**
 * Makes UUIDs. Both actions are effect-free: a random v4 differs each time it runs, but once the
 * step is journaled its recorded output is what later steps see, replay included.
 */
public final class UuidPiece implements Piece {
  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "v4", "A random UUID", List.of(), c -> JsonValues.text(UUID.randomUUID().toString())),
          SimpleAction.pure(
              "v5",
              "A name-based UUID: the same namespace and name always give the same UUID",
              List.of(
                  Prop.string("namespace", "dns, url, oid, x500 or a UUID")
                      .withDefault(JsonValues.text("url")),
                  Prop.string("name", "The name to derive the UUID from").asRequired()),
              c ->
                  JsonValues.text(
                      NameBasedUuid.v5(
                              NameBasedUuid.namespace(c.inputs().string("namespace", "url")),
                              c.inputs().string("name"))
                          .toString())));

  @Override
  public String name() {
    return "uuid";
  }

  @Override
  public String description() {
    return "Make random or name-based UUIDs";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }
}
