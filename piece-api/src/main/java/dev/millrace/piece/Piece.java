package dev.millrace.piece;

import java.util.List;

/**
 * A named bundle of actions and triggers, such as {@code http} or {@code store}. Implementations
 * are found with {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.millrace.piece.Piece} of your jar and put the jar on the classpath.
 * Implementations must be stateless and thread-safe: one instance serves every run.
 */
public interface Piece {
  /** The name flows use in {@code "piece": "..."}; lower case, unique. */
  String name();

  /** One line for catalogs and error messages. */
  String description();

  List<Action> actions();

  /** Triggers this piece defines (most pieces define none). */
  default List<TriggerDefinition> triggers() {
    return List.of();
  }
}
