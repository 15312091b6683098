package dev.millrace.piece;

/**
 * A request was refused by the network guard (STRICT mode): its target is in a forbidden range or
 * is an ambiguous address. Never retried.
 */
public final class EgressDeniedException extends PieceException {
  public EgressDeniedException(String message) {
    super(message, null, true);
  }
}
