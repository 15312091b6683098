package dev.millrace.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.PieceException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code store} piece's key-value store, kept by the app and reached with the run token (POST
 * /v1/worker/store). Each operation is one atomic request. A step's writes ({@link #forStep}) are
 * keyed: each carries the step's idempotency key (with the write's position after the first), the
 * lease and the journal's unsent records, and the app commits the records, the write and its answer
 * under the key in one transaction, so a write repeated after a crash answers what it did the first
 * time and a zombie's write is refused (409). A refusal (a 4xx, e.g. incrementing a key that holds
 * text) becomes a {@link PieceException} the flow author can read.
 */
public final class RemoteStore implements KeyValueStore {
  private final AppClient app;
  private final String runToken;
  private final String leaseToken;
  private final RemoteJournal journal;
  private final String idempotencyKey; // null: writes are not keyed
  private int writes; // of this step view: the n-th write is keyed by its position

  public RemoteStore(AppClient app, String runToken, String leaseToken, RemoteJournal journal) {
    this(app, runToken, leaseToken, journal, null);
  }

  private RemoteStore(
      AppClient app,
      String runToken,
      String leaseToken,
      RemoteJournal journal,
      String idempotencyKey) {
    this.app = app;
    this.runToken = runToken;
    this.leaseToken = leaseToken;
    this.journal = journal;
    this.idempotencyKey = idempotencyKey;
  }

  @Override
  public KeyValueStore forStep(String idempotencyKey) {
    return new RemoteStore(app, runToken, leaseToken, journal, idempotencyKey);
  }

  @Override
  public Optional<JsonNode> get(Scope scope, String key) {
    JsonNode v = read(op("get", scope, key));
    return v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v);
  }

  @Override
  public void put(Scope scope, String key, JsonNode value) {
    write(op("put", scope, key).set("value", value));
  }

  @Override
  public boolean delete(Scope scope, String key) {
    return write(op("delete", scope, key)).asBoolean();
  }

  @Override
  public JsonNode append(Scope scope, String key, JsonNode value) {
    return write(op("append", scope, key).set("value", value));
  }

  @Override
  public double increment(Scope scope, String key, double delta) {
    ObjectNode request = op("increment", scope, key);
    // A whole delta goes as an integer, so the app keeps whole counters integral (1000, not
    // 1000.0).
    if (delta == Math.rint(delta) && Math.abs(delta) < 1e15) {
      request.put("delta", (long) delta);
    } else {
      request.put("delta", delta);
    }
    JsonNode v = write(request);
    if (!v.isNumber()) {
      throw new PieceException("the store answered a non-number to increment: " + v);
    }
    return v.asDouble();
  }

  private static ObjectNode op(String name, Scope scope, String key) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("op", name)
        .put("scope", scope.name())
        .put("key", key);
  }

  private JsonNode read(ObjectNode operation) {
    return refusalsAsPieceErrors(operation, () -> app.store(runToken, operation, List.of()));
  }

  private JsonNode write(ObjectNode operation) {
    if (idempotencyKey == null) {
      return read(operation);
    }
    // A step may write more than once; each write has its own key, the step's key and its
    // position, which a deterministic action repeats after a crash.
    int n;
    synchronized (this) {
      n = ++writes;
    }
    operation
        .put("idempotencyKey", n == 1 ? idempotencyKey : idempotencyKey + "#" + n)
        .put("leaseToken", leaseToken);
    return refusalsAsPieceErrors(
        operation, () -> journal.carry(records -> app.store(runToken, operation, records)));
  }

  private static JsonNode refusalsAsPieceErrors(ObjectNode operation, Supplier<JsonNode> call) {
    try {
      return call.get();
    } catch (AppRejectedException e) {
      throw new PieceException(
          "the store refused " + operation.path("op").asText() + ": " + e.getMessage());
    }
  }
}
