package dev.millrace.piece;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The key-value store behind the {@code store} piece. Each operation is atomic. Keys live in a
 * {@link Scope}: the implementation knows the run, flow and project and keeps their keys apart.
 */
public interface KeyValueStore {
  enum Scope {
    RUN,
    FLOW,
    PROJECT
  }

  Optional<JsonNode> get(Scope scope, String key);

  void put(Scope scope, String key, JsonNode value);

  /** Removes the key; true when it existed. */
  boolean delete(Scope scope, String key);

  /** Appends to the list at key (created when absent) and returns the whole list. */
  JsonNode append(Scope scope, String key, JsonNode value);

  /**
   * Adds {@code delta} to the number at key (0 when absent) and returns the new value.
   *
   * @throws PieceException when the key holds something other than a number
   */
  double increment(Scope scope, String key, double delta);

  /**
   * This store as one step sees it: writes made through the answer are applied at most once per
   * {@code idempotencyKey} and position (the step's first write, its second, ...), a repeated write
   * answering what the first one did, so an action must make its writes in the same order when it
   * runs again. The engine hands each step's action this view. The default answers this store
   * itself, whose writes are not keyed: right for stores whose runs never resume after a crash,
   * such as {@link MemoryStore}.
   */
  default KeyValueStore forStep(String idempotencyKey) {
    return this;
  }
}
