package dev.millrace.piece;

import dev.millrace.flow.ActionCatalog;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The installed pieces, by name. Immutable and thread-safe. */
public final class PieceRegistry implements ActionCatalog {
  private final Map<String, Piece> pieces;
  private final Map<String, Action> actions = new LinkedHashMap<>();

  private PieceRegistry(Collection<Piece> found) {
    var byName = new LinkedHashMap<String, Piece>();
    for (Piece piece : found) {
      Piece clash = byName.putIfAbsent(piece.name(), piece);
      if (clash != null) {
        throw new IllegalStateException(
            "two pieces are named \""
                + piece.name()
                + "\": "
                + clash.getClass().getName()
                + " and "
                + piece.getClass().getName());
      }
      piece.actions().forEach(a -> actions.put(piece.name() + "." + a.name(), a));
    }
    this.pieces = Map.copyOf(byName);
  }

  /** Every piece on the classpath, found with {@link ServiceLoader}. */
  public static PieceRegistry discover() {
    return of(ServiceLoader.load(Piece.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  public static PieceRegistry of(Collection<Piece> pieces) {
    return new PieceRegistry(pieces);
  }

  public Optional<Piece> piece(String name) {
    return Optional.ofNullable(pieces.get(name));
  }

  public Optional<Action> action(String piece, String action) {
    return Optional.ofNullable(actions.get(piece + "." + action));
  }

  public Collection<Piece> pieces() {
    return pieces.values();
  }

  @Override
  public boolean hasPiece(String piece) {
    return pieces.containsKey(piece);
  }

  @Override
  public List<String> actionNames(String piece) {
    return piece(piece).map(p -> p.actions().stream().map(Action::name).toList()).orElse(List.of());
  }

  @Override
  public Optional<List<Input>> inputs(String piece, String action) {
    return action(piece, action)
        .map(
            a ->
                a.props().stream()
                    .map(p -> new Input(p.name(), p.required() && p.defaultValue() == null))
                    .toList());
  }
}
