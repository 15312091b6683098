package dev.millrace.pieces;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Prop;
import java.util.List;

/**
 * An {@link Action} written as a lambda, for the many small actions of the built-in pieces. Like
 * every action it is stateless and thread-safe as long as its body is.
 *
 * @param hasExternalEffect whether running it may change something outside the run
 * @param effectIsKeyed whether that change happens at most once per idempotency key
 */
public record SimpleAction(
    String name,
    String description,
    List<Prop> props,
    boolean hasExternalEffect,
    boolean effectIsKeyed,
    Body body)
    implements Action {

  /** What the action does; it reads its inputs from the context. */
  @FunctionalInterface
  public interface Body {
    JsonNode run(ActionContext context) throws Exception;
  }

  public SimpleAction {
    props = List.copyOf(props);
  }

  /** An action with no effect outside the run: running it twice changes nothing. */
  public static SimpleAction pure(String name, String description, List<Prop> props, Body body) {
    return new SimpleAction(name, description, props, false, false, body);
  }

  /** An action that changes something outside the run (a request sent, a store written). */
  public static SimpleAction effectful(
      String name, String description, List<Prop> props, Body body) {
    return new SimpleAction(name, description, props, true, false, body);
  }

  /**
   * An action whose change outside the run is made at most once per idempotency key, like a store
   * write: it may be journaled lazily.
   */
  public static SimpleAction keyed(String name, String description, List<Prop> props, Body body) {
    return new SimpleAction(name, description, props, true, true, body);
  }

  @Override
  public JsonNode run(ActionContext context) throws Exception {
    return body.run(context);
  }
}
