package dev.millrace.piece;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Something a step can do. Implementations must be stateless and thread-safe. */
public interface Action {
  /** The name flows use in {@code "action": "..."}. */
  String name();

  String description();

  /** The inputs it takes; the engine validates and defaults them before {@link #run}. */
  List<Prop> props();

  /**
   * Whether running it may change something outside the run (send a request, write the store).
   * Effect-free steps may be journaled lazily in batches, because running them again after a crash
   * changes nothing; effectful ones are journaled before the run moves on. When unsure, say yes.
   */
  default boolean hasExternalEffect() {
    return true;
  }

  /**
   * Whether its effect is keyed: applied at most once per {@link ActionContext#idempotencyKey()} by
   * the system it reaches, which answers a repeat with the first answer. The engine then journals
   * the step lazily, like an effect-free one, because running it again after a crash does nothing
   * twice. The store's writes are keyed: the app records each write's answer under the key in the
   * transaction that applies it. Meaningless without {@link #hasExternalEffect()}; default false.
   */
  default boolean effectIsKeyed() {
    return false;
  }

  /**
   * Runs the action.
   *
   * @return the step's output (any JSON value; null becomes JSON null)
   * @throws PieceException for failures the flow author should read
   * @throws PauseRequested (via {@link ActionContext#pauseUntil} and friends) to wait
   * @throws Exception anything else fails the step with the exception's message
   */
  JsonNode run(ActionContext context) throws Exception;
}
