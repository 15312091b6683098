package dev.millrace.piece;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyValueStore} in memory, for local runs and tests. Scopes are kept apart by prefixing
 * keys with the run, flow or project id given at construction.
 */
public final class MemoryStore implements KeyValueStore {
  private final Map<String, JsonNode> values;
  private final String runId;
  private final String flowId;
  private final String projectId;

  public MemoryStore(String runId, String flowId, String projectId) {
    this(new ConcurrentHashMap<>(), runId, flowId, projectId);
  }

  private MemoryStore(Map<String, JsonNode> values, String runId, String flowId, String projectId) {
    this.values = values;
    this.runId = runId;
    this.flowId = flowId;
    this.projectId = projectId;
  }

  /** A view of the same values as seen from another run. */
  public MemoryStore forRun(String otherRunId) {
    return new MemoryStore(values, otherRunId, flowId, projectId);
  }

  private String key(Scope scope, String key) {
    return switch (scope) {
      case RUN -> "run/" + runId + "/" + key;
      case FLOW -> "flow/" + flowId + "/" + key;
      case PROJECT -> "project/" + projectId + "/" + key;
    };
  }

  @Override
  public Optional<JsonNode> get(Scope scope, String key) {
    return Optional.ofNullable(values.get(key(scope, key)));
  }

  @Override
  public void put(Scope scope, String key, JsonNode value) {
    values.put(key(scope, key), value.deepCopy());
  }

  @Override
  public boolean delete(Scope scope, String key) {
    return values.remove(key(scope, key)) != null;
  }

  @Override
  public JsonNode append(Scope scope, String key, JsonNode value) {
    return values.compute(
        key(scope, key),
        (k, old) -> {
          ArrayNode list = JsonNodeFactory.instance.arrayNode();
          if (old != null && old.isArray()) {
            list.addAll((ArrayNode) old);
          } else if (old != null) {
            list.add(old);
          }
          return list.add(value.deepCopy());
        });
  }

  @Override
  public double increment(Scope scope, String key, double delta) {
    JsonNode result =
        values.compute(
            key(scope, key),
            (k, old) -> {
              if (old != null && !old.isNumber()) {
                throw new PieceException(
                    "store key \"" + key + "\" holds " + old.getNodeType() + ", not a number");
              }
              double sum = (old == null ? 0 : old.asDouble()) + delta;
              return sum == Math.rint(sum) && Math.abs(sum) < 1e15
                  ? LongNode.valueOf((long) sum)
                  : DoubleNode.valueOf(sum);
            });
    return result.asDouble();
  }
}
