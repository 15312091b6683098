package dev.millrace.flow;

import java.util.List;
import java.util.Optional;

/**
 * What validation needs to know about the installed pieces. Implemented by the piece registry; the
 * flow module itself knows no pieces.
 */
public interface ActionCatalog {
  /** Whether a piece of this name is installed. */
  boolean hasPiece(String piece);

  /** The names of the piece's actions, for error messages. */
  List<String> actionNames(String piece);

  /** The inputs of {@code piece}'s action {@code action}, or empty when either is unknown. */
  Optional<List<Input>> inputs(String piece, String action);

  /** One input of an action. */
  record Input(String name, boolean required) {}

  /** A catalog with no pieces: every piece step is reported as unknown. */
  ActionCatalog EMPTY =
      new ActionCatalog() {
        @Override
        public boolean hasPiece(String piece) {
          return false;
        }

        @Override
        public List<String> actionNames(String piece) {
          return List.of();
        }

        @Override
        public Optional<List<Input>> inputs(String piece, String action) {
          return Optional.empty();
        }
      };
}
