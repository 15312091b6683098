package dev.millrace.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.PieceException;
import java.util.Optional;

/**
 * The {@code store} piece's key-value store, kept by the app and reached with the run token (POST
 * /v1/worker/store). Each operation is one atomic request. A refusal (a 4xx, e.g. incrementing a
 * key that holds text) becomes a {@link PieceException} the flow author can read.
 */
public final class RemoteStore implements KeyValueStore {
  private final AppClient app;
  private final String runToken;

  public RemoteStore(AppClient app, String runToken) {
    this.app = app;
    this.runToken = runToken;
  }

  @Override
  public Optional<JsonNode> get(Scope scope, String key) {
    JsonNode v = call(op("get", scope, key));
    return v.isNull() || v.isMissingNode() ? Optional.empty() : Optional.of(v);
  }

  @Override
  public void put(Scope scope, String key, JsonNode value) {
    call(op("put", scope, key).set("value", value));
  }

  @Override
  public boolean delete(Scope scope, String key) {
    return call(op("delete", scope, key)).asBoolean();
  }

  @Override
  public JsonNode append(Scope scope, String key, JsonNode value) {
    return call(op("append", scope, key).set("value", value));
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
    JsonNode v = call(request);
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

  private JsonNode call(ObjectNode operation) {
    try {
      return app.store(runToken, operation);
    } catch (AppRejectedException e) {
      throw new PieceException(
          "the store refused " + operation.path("op").asText() + ": " + e.getMessage());
    }
  }
}
