package dev.millrace.pieces.http;

import dev.millrace.piece.Action;
import dev.millrace.piece.Piece;
import java.util.List;

/** Sends HTTP requests through the engine's guarded client. */
public final class HttpPiece implements Piece {
  private static final List<Action> ACTIONS = List.of(new RequestAction());

  @Override
  public String name() {
    return "http";
  }

  @Override
  public String description() {
    return "Send an HTTP request and read its response";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }
}
