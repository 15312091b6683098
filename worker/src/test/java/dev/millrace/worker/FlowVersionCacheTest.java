package dev.millrace.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.worker.internal.FlowVersionCache;
import org.junit.jupiter.api.Test;

class FlowVersionCacheTest {
  private static JsonNode json(String text) throws Exception {
    return AppStandIn.JSON.readTree(text);
  }

  private static final String FLOW =
      """
      {"name": "t", "trigger": {"type": "webhook"}, "steps": [
        {"name": "a", "type": "piece", "piece": "test", "action": "pure", "input": {"value": 1}}]}""";

  @Test
  void aVersionIsReadOnceAndThenServedFromTheCache() throws Exception {
    var cache = new FlowVersionCache(WorkerFixture.engine(), 2);
    var first = cache.get("v1", json(FLOW));
    var again = cache.get("v1", json("{}")); // a cached version is not read again
    assertThat(again.prepared()).isSameAs(first.prepared());
    cache.get("v2", json(FLOW));
    cache.get("v3", json(FLOW));
    assertThat(cache.size()).isEqualTo(2); // least recently used versions go first
  }

  @Test
  void anInvalidVersionCarriesEveryProblem() throws Exception {
    var cache = new FlowVersionCache(WorkerFixture.engine(), 4);
    var version =
        cache.get(
            "bad",
            json(
                """
                {"name": "t", "trigger": {"type": "webhook"}, "steps": [
                  {"name": "a", "type": "piece", "piece": "nope", "action": "x", "input": {}},
                  {"name": "b", "type": "piece", "piece": "test", "action": "nah", "input": {}}]}"""));
    assertThat(version.prepared()).isNull();
    assertThat(version.problems()).contains("\"a\"").contains("\"b\"");
  }
}
