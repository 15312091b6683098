package dev.millrace.engine.code;

import dev.millrace.piece.PieceException;

/** A code step failed: it threw, broke a limit, or returned something that is not JSON. */
public final class CodeException extends PieceException {
  public CodeException(String message, boolean permanent) {
    super(message, null, permanent);
  }
}
