package dev.millrace.pieces.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.KeyValueStore.Scope;
import dev.millrace.piece.MemoryStore;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.TestContext;
import org.junit.jupiter.api.Test;

class StorePieceTest {
  private final StorePiece piece = new StorePiece();
  private final MemoryStore store = new MemoryStore("run-1", "flow-1", "project-1");

  private JsonNode run(String action, String inputs) {
    return TestContext.of(piece, action, inputs).store(store).run();
  }

  private JsonNode runIn(MemoryStore other, String action, String inputs) {
    return TestContext.of(piece, action, inputs).store(other).run();
  }

  @Test
  void putThenGetRoundTripsAnyValueInTheFlowScopeByDefault() {
    JsonNode put = run("put", "{key: 'cfg', value: {a: [1, 2], b: 'x'}}");

    assertThat(put).isEqualTo(TestContext.json("{key: 'cfg', value: {a: [1, 2], b: 'x'}}"));
    assertThat(run("get", "{key: 'cfg'}")).isEqualTo(TestContext.json("{a: [1, 2], b: 'x'}"));
    assertThat(store.get(Scope.FLOW, "cfg")).isPresent();
    assertThat(store.get(Scope.RUN, "cfg")).isEmpty();
  }

  @Test
  void getReturnsTheDefaultOrNullWhenMissing() {
    assertThat(run("get", "{key: 'nope'}").isNull()).isTrue();
    assertThat(run("get", "{key: 'nope', default: 42}").asInt()).isEqualTo(42);
  }

  @Test
  void scopesAreKeptApart() {
    run("put", "{key: 'k', value: 'run', scope: 'run'}");
    run("put", "{key: 'k', value: 'flow', scope: 'flow'}");
    run("put", "{key: 'k', value: 'project', scope: 'project'}");

    assertThat(run("get", "{key: 'k', scope: 'run'}").asText()).isEqualTo("run");
    assertThat(run("get", "{key: 'k', scope: 'flow'}").asText()).isEqualTo("flow");
    assertThat(run("get", "{key: 'k', scope: 'project'}").asText()).isEqualTo("project");
  }

  @Test
  void anotherRunSeesFlowKeysButNotRunKeys() {
    MemoryStore otherRun = store.forRun("run-2");
    run("put", "{key: 'k', value: 'mine', scope: 'run'}");
    run("put", "{key: 'shared', value: 'ours'}");

    assertThat(runIn(otherRun, "get", "{key: 'k', scope: 'run'}").isNull()).isTrue();
    assertThat(runIn(otherRun, "get", "{key: 'shared'}").asText()).isEqualTo("ours");
  }

  @Test
  void deleteSaysWhetherTheKeyExisted() {
    run("put", "{key: 'k', value: 1}");

    assertThat(run("delete", "{key: 'k'}").get("deleted").asBoolean()).isTrue();
    assertThat(run("delete", "{key: 'k'}").get("deleted").asBoolean()).isFalse();
    assertThat(run("get", "{key: 'k'}").isNull()).isTrue();
  }

  @Test
  void deleteOnlyTouchesItsScope() {
    run("put", "{key: 'k', value: 1, scope: 'project'}");

    assertThat(run("delete", "{key: 'k'}").get("deleted").asBoolean()).isFalse();
    assertThat(run("get", "{key: 'k', scope: 'project'}").asInt()).isEqualTo(1);
  }

  @Test
  void appendBuildsAListAndReturnsIt() {
    assertThat(run("append", "{key: 'log', value: 'a'}")).isEqualTo(TestContext.json("['a']"));
    assertThat(run("append", "{key: 'log', value: {n: 2}}"))
        .isEqualTo(TestContext.json("['a', {n: 2}]"));
    assertThat(run("get", "{key: 'log'}")).isEqualTo(TestContext.json("['a', {n: 2}]"));
  }

  @Test
  void incrementStartsAtZeroAndReturnsWholeNumbersAsIntegers() {
    JsonNode first = run("increment", "{key: 'n'}");
    JsonNode second = run("increment", "{key: 'n', delta: 5}");
    JsonNode third = run("increment", "{key: 'n', delta: -1.5}");

    assertThat(first.isIntegralNumber()).isTrue();
    assertThat(first.asLong()).isEqualTo(1);
    assertThat(second.isIntegralNumber()).isTrue();
    assertThat(second.asLong()).isEqualTo(6);
    assertThat(third.asDouble()).isEqualTo(4.5);
  }

  @Test
  void incrementingSomethingOtherThanANumberFails() {
    run("put", "{key: 's', value: 'text'}");

    PieceException e = TestContext.of(piece, "increment", "{key: 's'}").store(store).failure();

    assertThat(e.getMessage()).contains("not a number");
  }

  @Test
  void blankKeysAreRefused() {
    PieceException e = TestContext.of(piece, "put", "{key: ' ', value: 1}").store(store).failure();

    assertThat(e.isPermanent()).isTrue();
  }

  @Test
  void writesHaveExternalEffectsAndGetDoesNot() {
    assertThat(piece.actions())
        .filteredOn(Action::hasExternalEffect)
        .extracting(Action::name)
        .containsExactlyInAnyOrder("put", "delete", "append", "increment");
  }
}
