package dev.millrace.engine.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.testkit.HttpSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CodeSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CodeLimits LIMITS =
      new CodeLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000_000, 500, 4096, 2048, 2);
  private static CodeSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = new CodeSandbox(LIMITS);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static JsonNode run(String source, String inputs) {
    return run(source, inputs, null, new RecordedLog());
  }

  private static JsonNode run(String source, String inputs, OutboundHttp http, RecordedLog log) {
    return sandbox.run(new CodeCall(source, json(inputs), "run-1", "steps.code", http, log));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void asyncDefaultExportGetsInputsAndItsAwaitedValueIsReturned() {
    var result =
        run(
            "export default async (inputs) => { await null; return { n: inputs.n + 1 } }",
            "{\"n\":41}");
    assertThat(result).isEqualTo(json("{\"n\":42}"));
  }

  @Test
  void syncDefaultExportAndPlainValueExportWork() {
    assertThat(run("export default (inputs) => inputs.a * 2", "{\"a\":21}")).isEqualTo(json("42"));
    assertThat(run("export default { fixed: [1, 'two'] }", "{}"))
        .isEqualTo(json("{\"fixed\":[1,\"two\"]}"));
  }

  @Test
  void jsonTypesSurviveTheRoundTrip() {
    String inputs =
        "{\"s\":\"é ✓ 😀\",\"i\":7,\"d\":1.5,\"t\":true,\"f\":false,\"z\":null,"
            + "\"a\":[1,[2,{\"x\":[]}]],\"o\":{\"deep\":{\"er\":{}}}}";
    assertThat(run("export default (inputs) => inputs", inputs)).isEqualTo(json(inputs));
  }

  @Test
  void undefinedBecomesNullAndOtherShapesAreKept() {
    assertThat(run("export default () => {}", "{}").isNull()).isTrue();
    assertThat(run("export default async () => undefined", "{}").isNull()).isTrue();
    assertThat(run("export default () => null", "{}").isNull()).isTrue();
    assertThat(run("export default () => [1, 'a', null, [true]]", "{}"))
        .isEqualTo(json("[1,\"a\",null,[true]]"));
    assertThat(run("export default () => ({ a: { b: { c: [ { d: 1 } ] } } })", "{}"))
        .isEqualTo(json("{\"a\":{\"b\":{\"c\":[{\"d\":1}]}}}"));
  }

  @Test
  void ctxCarriesRunIdStepPathAndIdempotencyKey() {
    var result = run("export default (inputs, ctx) => ctx", "{}");
    assertThat(result)
        .isEqualTo(
            json(
                "{\"runId\":\"run-1\",\"stepPath\":\"steps.code\","
                    + "\"idempotencyKey\":\"run-1:steps.code\"}"));
  }

  @Test
  void consoleLinesGoToTheStepLogInOrder() {
    var log = new RecordedLog();
    run(
        "console.log('loading');\n"
            + "export default () => {\n"
            + "  console.log('hi', { a: 1 }, [2], 3);\n"
            + "  console.warn('careful');\n"
            + "  console.info('two\\nlines');\n"
            + "  console.error(new TypeError('bad'));\n"
            + "}",
        "{}",
        null,
        log);
    assertThat(log.lines())
        .containsExactly(
            "INFO loading",
            "INFO hi {\"a\":1} [2] 3",
            "WARN careful",
            "INFO two",
            "INFO lines",
            "WARN TypeError: bad");
  }

  @Test
  void logOverItsCapIsDroppedWithOneTruncationLine() {
    var log = new RecordedLog();
    var result =
        run(
            "export default () => { for (let i = 0; i < 100; i++) console.log('x'.repeat(100)); return 1 }",
            "{}",
            null,
            log);
    assertThat(result).isEqualTo(json("1"));
    assertThat(log.lines()).hasSize(2048 / 101 + 1).last().isEqualTo("WARN ...log truncated");
  }

  @Test
  void thrownErrorNamesItsTypeMessageAndLine() {
    assertThatThrownBy(() -> run("export default () => {\n  let x = 1;\n  x();\n}", "{}"))
        .isInstanceOf(CodeException.class)
        .hasMessage("code step threw: TypeError: x is not a function (line 3)")
        .matches(e -> !((CodeException) e).isPermanent());
    assertThatThrownBy(
            () ->
                run(
                    "export default async () => {\n  await null;\n  throw new Error('no');\n}",
                    "{}"))
        .hasMessage("code step threw: Error: no (line 3)");
    assertThatThrownBy(() -> run("export default () => { throw 'plain' }", "{}"))
        .hasMessageStartingWith("code step threw: plain");
  }

  @Test
  void syntaxErrorIsPermanentAndNamesTheLine() {
    assertThatThrownBy(() -> run("export default () => {\n  let x = ;\n}", "{}"))
        .isInstanceOf(CodeException.class)
        .hasMessageStartingWith("code step has a syntax error: ")
        .hasMessageEndingWith("(line 2)")
        .matches(e -> ((CodeException) e).isPermanent());
  }

  @Test
  void moduleWithoutDefaultExportIsRefused() {
    assertThatThrownBy(() -> run("export const x = 1;", "{}"))
        .hasMessageStartingWith("code step has no default export");
  }

  @Test
  void resultThatIsNotJsonIsRefused() {
    assertThatThrownBy(() -> run("export default () => ({ big: 10n })", "{}"))
        .hasMessage(
            "code step returned a value that is not JSON: TypeError: Do not know how to serialize a BigInt");
    assertThatThrownBy(() -> run("export default () => { const o = {}; o.o = o; return o }", "{}"))
        .hasMessageContaining("not JSON")
        .hasMessageContaining("circular");
    assertThatThrownBy(() -> run("export default () => () => 1", "{}"))
        .hasMessage("code step returned a value that is not JSON: a function has no JSON form");
  }

  @Test
  void outputOverTheLimitIsRefusedWithItsSize() {
    assertThatThrownBy(() -> run("export default () => 'x'.repeat(5000)", "{}"))
        .hasMessage("code step output is 5002 bytes, over the limit of 4096")
        .matches(e -> ((CodeException) e).isPermanent());
    // multi-byte characters are counted as UTF-8
    assertThatThrownBy(() -> run("export default () => 'é'.repeat(2100)", "{}"))
        .hasMessage("code step output is 4202 bytes, over the limit of 4096");
    assertThatThrownBy(() -> run("export default () => '😀'.repeat(1100)", "{}"))
        .hasMessage("code step output is 4402 bytes, over the limit of 4096");
  }

  @Test
  void noFetchWithoutHttp() {
    assertThat(run("export default () => typeof fetch", "{}")).isEqualTo(json("\"undefined\""));
  }

  @Test
  void fetchGoesThroughTheSuppliedOutboundHttp() {
    try (var sink = HttpSink.start()) {
      sink.respond(
          "/greeting",
          new HttpSink.Reply(
              201, "application/json", "{\"hi\":true}", java.util.Map.of("X-Trace", "t1")));
      var http = new JdkOutboundHttp(Set.of());
      String code =
          """
          export default async (inputs) => {
            const echo = await fetch(inputs.echo, {
              method: 'POST', headers: { 'X-Key': 'k1' }, body: JSON.stringify({ q: 1 }) });
            const greeting = await fetch(inputs.greeting);
            return { echo: await echo.json(), status: greeting.status, ok: greeting.ok,
                     trace: greeting.headers.get('x-trace'), missing: greeting.headers.get('nope'),
                     greeting: JSON.parse(await greeting.text()) };
          }
          """;
      var inputs =
          "{\"echo\":\"" + sink.url("/echo") + "\",\"greeting\":\"" + sink.url("/greeting") + "\"}";
      var result = run(code, inputs, http, new RecordedLog());
      assertThat(result.get("echo").get("method").asText()).isEqualTo("POST");
      assertThat(result.get("echo").get("body").asText()).isEqualTo("{\"q\":1}");
      assertThat(result.get("status").asInt()).isEqualTo(201);
      assertThat(result.get("ok").asBoolean()).isTrue();
      assertThat(result.get("trace").asText()).isEqualTo("t1");
      assertThat(result.get("missing").isNull()).isTrue();
      assertThat(result.get("greeting")).isEqualTo(json("{\"hi\":true}"));
      assertThat(sink.count("/echo")).isEqualTo(1);
      assertThat(sink.count("/greeting")).isEqualTo(1);
      assertThat(sink.requests().getFirst().header("X-Key")).isEqualTo("k1");
    }
  }

  @Test
  void deniedFetchRejectsAndFailsTheStepPermanentlyUnlessCaught() {
    var http = new JdkOutboundHttp(Set.of("169.254.169.254"));
    String url = "http://169.254.169.254/latest/meta-data/";
    assertThatThrownBy(
            () ->
                run(
                    "export default async () => {\n  return await fetch('" + url + "');\n}",
                    "{}",
                    http,
                    new RecordedLog()))
        .hasMessage(
            "code step threw: EgressDeniedError: fetch to "
                + url
                + " was refused: 169.254.169.254 is a link-local address (line 2)")
        .matches(e -> ((CodeException) e).isPermanent());
    var caught =
        run(
            "export default () => fetch('" + url + "').then(() => 'sent', e => e.name)",
            "{}",
            http,
            new RecordedLog());
    assertThat(caught.asText()).isEqualTo("EgressDeniedError");
  }

  @Test
  void concurrentRunsFromVirtualThreadsKeepTheirOwnResults() throws Exception {
    String code =
        "export default async (inputs, ctx) => {\n"
            + "  let sum = 0; for (let i = 0; i < 1000; i++) sum += i;\n"
            + "  await Promise.resolve();\n"
            + "  return { id: inputs.id, step: ctx.stepPath, sum };\n"
            + "}";
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int id = i;
        results.add(
            executor.submit(
                () ->
                    sandbox.run(
                        new CodeCall(
                            code,
                            json("{\"id\":" + id + "}"),
                            "run-" + id,
                            "s" + id,
                            null,
                            new RecordedLog()))));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(results.get(i).get())
            .isEqualTo(json("{\"id\":" + i + ",\"step\":\"s" + i + "\",\"sum\":499500}"));
      }
    }
  }

  @Test
  void sameSourceTextIsParsedOnceAndReused() {
    String code = "export default () => 'cached " + System.nanoTime() + "'";
    int before = sandbox.cachedSources();
    run(code, "{}");
    run(code, "{}");
    run(code, "{}");
    assertThat(sandbox.cachedSources()).isEqualTo(before + 1);
  }
}
