package dev.millrace.engine.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.testkit.HttpSink;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls of the same step in the same scope share a warm context; nothing else does. */
class WarmContextTest {
  // 2,000,000 statements a call: a loop of 1,000,000 fits once per call, not twice
  private static final CodeLimits LIMITS =
      new CodeLimits(
          Duration.ofSeconds(5), Duration.ofSeconds(5), 2_000_000, 500, 4096, 2048, 2, 4);
  private static final String COUNTER = "let n = 0; export default () => ++n;";
  private static CodeSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = new CodeSandbox(LIMITS);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static JsonNode run(String source, String scope) {
    return run(source, scope, null, new RecordedLog());
  }

  private static JsonNode run(String source, String scope, OutboundHttp http, RecordedLog log) {
    return sandbox.run(
        new CodeCall(
            source, JsonNodeFactory.instance.objectNode(), "run-1", "s", http, log, scope));
  }

  @Test
  void theSameStepInTheSameScopeRunsInItsWarmContext() {
    String source = COUNTER + " // same scope";
    assertThat(run(source, "flow-a").asInt()).isEqualTo(1);
    assertThat(run(source, "flow-a").asInt()).isEqualTo(2);
    assertThat(run(source, "flow-a").asInt()).isEqualTo(3);
  }

  @Test
  void anotherScopeOrNoScopeGetsAFreshContext() {
    String source = COUNTER + " // scopes";
    assertThat(run(source, "flow-b").asInt()).isEqualTo(1);
    assertThat(run(source, "flow-c").asInt()).isEqualTo(1);
    assertThat(run(source, null).asInt()).isEqualTo(1);
    assertThat(run(source, null).asInt()).isEqualTo(1);
    assertThat(run(source, "flow-b").asInt()).isEqualTo(2);
  }

  @Test
  void otherCodeOfTheSameScopeNeverSeesTheStepsGlobals() {
    run("export default () => { globalThis.secret = 'run-1 data'; return 1; }", "flow-d");
    assertThat(run("export default () => typeof globalThis.secret", "flow-d").asText())
        .isEqualTo("undefined");
  }

  @Test
  void aCallThatFailsDropsItsContext() {
    String source =
        "let n = 0; export default (i) => { n++; if (n === 2) throw new Error('x'); return n; }";
    assertThat(run(source, "flow-e").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> run(source, "flow-e")).isInstanceOf(CodeException.class);
    assertThat(run(source, "flow-e").asInt()).isEqualTo(1);
  }

  @Test
  void limitsAreCountedAfreshForEachCall() {
    String source =
        "export default () => { let x = 0; for (let i = 0; i < 400000; i++) x += i; return x; }";
    for (int i = 0; i < 6; i++) {
      assertThat(run(source, "flow-f").asLong()).isEqualTo(79999800000L);
    }
    String tooMuch =
        "export default () => { let x = 0; for (let i = 0; i < 5000000; i++) x += i; return x; }";
    assertThatThrownBy(() -> run(tooMuch, "flow-f"))
        .isInstanceOf(CodeException.class)
        .hasMessageContaining("statement");
  }

  @Test
  void eachCallLogsToItsOwnStep() {
    String source = "let n = 0; export default () => { console.log('call ' + (++n)); return n; }";
    var first = new RecordedLog();
    var second = new RecordedLog();
    run(source, "flow-g", null, first);
    run(source, "flow-g", null, second);
    assertThat(first.lines()).containsExactly("INFO call 1");
    assertThat(second.lines()).containsExactly("INFO call 2");
  }

  @Test
  void fetchInAWarmContextGoesThroughTheCallsOwnClient() {
    try (var sink = HttpSink.start()) {
      String source = "export default async () => (await fetch('" + sink.url("/hit") + "')).status";
      var open = new JdkOutboundHttp(Set.of());
      assertThat(run(source, "flow-h", open, new RecordedLog()).asInt()).isEqualTo(200);
      var denying = new JdkOutboundHttp(Set.of("127.0.0.1"));
      assertThatThrownBy(() -> run(source, "flow-h", denying, new RecordedLog()))
          .isInstanceOf(CodeException.class);
      assertThat(sink.count("/hit")).isEqualTo(1);
    }
  }

  @Test
  void fetchAtTheModulesTopLevelRunsOnceForEachContextOpened() {
    try (var sink = HttpSink.start()) {
      String source =
          "const status = (await fetch('"
              + sink.url("/top")
              + "')).status;\nexport default () => status;";
      var open = new JdkOutboundHttp(Set.of());
      assertThat(run(source, "flow-t", open, new RecordedLog()).asInt()).isEqualTo(200);
      assertThat(run(source, "flow-t", open, new RecordedLog()).asInt()).isEqualTo(200);
      assertThat(run(source, null, open, new RecordedLog()).asInt()).isEqualTo(200);
      assertThat(sink.count("/top")).isEqualTo(2);
    }
  }

  @Test
  void noContextIsKeptWhenWarmContextsIsZero() {
    var cold =
        new CodeSandbox(
            new CodeLimits(
                Duration.ofSeconds(5), Duration.ofSeconds(5), 2_000_000, 500, 4096, 2048, 1, 0));
    try (cold) {
      for (int i = 0; i < 3; i++) {
        var call =
            new CodeCall(
                COUNTER,
                JsonNodeFactory.instance.objectNode(),
                "run-1",
                "s",
                null,
                new RecordedLog(),
                "flow-i");
        assertThat(cold.run(call).asInt()).isEqualTo(1);
      }
      assertThat(cold.warmContexts()).isZero();
    }
  }
}
