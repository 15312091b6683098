package dev.millrace.engine.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile code fails only its own step, with a message that says why, and the sandbox keeps running
 * normal steps afterwards.
 */
class CodeContainmentTest {
  private static final CodeLimits LIMITS =
      new CodeLimits(
          Duration.ofSeconds(1), Duration.ofSeconds(3), 1_000_000_000L, 200, 1 << 16, 4096, 2);
  private static final String MEMORY =
      "code step ran out of memory (the JVM heap is shared: keep the data a step holds small)";
  private static CodeSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = new CodeSandbox(LIMITS);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  /** After every hostile step, an ordinary one still works. */
  @AfterEach
  void sandboxStillRunsNormalSteps() {
    assertThat(run(sandbox, "export default async (inputs) => inputs.n + 1", null))
        .isEqualTo(IntNode.valueOf(42));
  }

  private static JsonNode run(
      CodeSandbox box, String source, dev.millrace.piece.OutboundHttp http) {
    var inputs = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("n", 41);
    return box.run(new CodeCall(source, inputs, "run-h", "steps.hostile", http, new RecordedLog()));
  }

  private static JsonNode run(String source) {
    return run(sandbox, source, null);
  }

  private static CodeException failure(String source) {
    var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> run(source));
    assertThat(thrown).isInstanceOf(CodeException.class);
    return (CodeException) thrown;
  }

  @Test
  void infiniteLoopHitsTheCpuLimit() {
    var e = failure("export default () => { while (true) {} }");
    assertThat(e).hasMessage("code step exceeded its CPU time limit of 1s");
    assertThat(e.isPermanent()).isTrue();
  }

  @Test
  void growingArrayIsStoppedByALimit() {
    // Which limit comes first depends on the machine: a busy collector can use up the wall-clock
    // time before the guest thread has used a second of CPU.
    assertThat(
            failure("export default () => { const a = []; for (;;) a.push(a.length) }")
                .getMessage())
        .isIn(
            "code step exceeded its CPU time limit of 1s",
            "code step exceeded its wall-clock limit of 3s");
  }

  @Test
  void statementLimitStopsLoopsBeforeTheCpuLimit() {
    var limits =
        new CodeLimits(Duration.ofSeconds(5), Duration.ofSeconds(10), 100_000, 200, 1024, 1024, 1);
    try (var box = new CodeSandbox(limits)) {
      assertThatThrownBy(() -> run(box, "export default () => { for (;;) {} }", null))
          .hasMessage("code step exceeded its statement limit of 100000")
          .matches(e -> ((CodeException) e).isPermanent());
    }
  }

  @Test
  void deepRecursionHitsTheStackLimit() {
    var e = failure("export default () => { const f = () => f(); f() }");
    assertThat(e)
        .hasMessage("code step exceeded its stack depth limit of 200 frames (deep recursion?)");
    assertThat(e.isPermanent()).isTrue();
  }

  @Test
  void gigabyteStringsAreRefused() {
    assertThat(failure("export default () => 'x'.repeat(1 << 30).length"))
        .hasMessage("code step threw: RangeError: Invalid string length (line 1)");
    assertThat(failure("export default () => {\n  let s = 'x';\n  for (;;) s += s;\n}"))
        .hasMessage("code step threw: RangeError: Invalid string length (line 3)");
  }

  @Test
  void exhaustingTheHeapFailsOnlyThatStep() throws Exception {
    // There is no per-context heap cap, so this needs a JVM whose heap a step can really exhaust.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<String>(List.of(java, "-Xmx192m"));
    command.addAll(
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("--") || arg.startsWith("-Dpolyglot"))
            .toList());
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), OutOfMemoryProbe.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output.lines().filter(l -> l.startsWith("OK ") || l.startsWith("FAILED ")))
        .as(output)
        .containsExactly("FAILED " + MEMORY, "FAILED " + MEMORY, "OK \"still working\"");
    assertThat(child.exitValue()).isZero();
  }

  @Test
  void hostAndPlatformGlobalsAreAbsent() {
    assertThat(failure("export default () => Java.type('java.lang.System')"))
        .hasMessage("code step threw: ReferenceError: Java is not defined (line 1)");
    assertThat(failure("export default () => require('fs')"))
        .hasMessage("code step threw: ReferenceError: require is not defined (line 1)");
    assertThat(failure("export default () => process.env"))
        .hasMessage("code step threw: ReferenceError: process is not defined (line 1)");
    assertThat(failure("export default () => Polyglot.eval('js', '1')"))
        .hasMessage("code step threw: ReferenceError: Polyglot is not defined (line 1)");
    assertThat(failure("export default () => load('/etc/passwd')"))
        .hasMessage("code step threw: ReferenceError: load is not defined (line 1)");
    assertThat(failure("import fs from 'fs';\nexport default () => fs"))
        .hasMessageStartingWith("code step threw: Error: Operation is not allowed");
  }

  @Test
  void noGlobalReachesTheHostOrTheEnvironment() {
    var names =
        run(
            "export default () => {\n"
                + "  const names = [];\n"
                + "  for (let o = globalThis; o; o = Object.getPrototypeOf(o))\n"
                + "    names.push(...Object.getOwnPropertyNames(o));\n"
                + "  return names;\n"
                + "}");
    assertThat(names.toString())
        .doesNotContain(
            "\"Java\"",
            "\"Graal\"",
            "\"Polyglot\"",
            "\"process\"",
            "\"require\"",
            "\"load\"",
            "\"loadWithNewGlobal\"",
            "\"print\"",
            "\"printErr\"",
            "\"env\"",
            "\"quit\"",
            "\"exit\"");
    // reaching the global through Function is plain JavaScript: it finds the same nothing
    assertThat(
            run(
                "export default () => [new Function('return typeof Java')(),\n"
                    + "  (function () {}).constructor('return this')() === globalThis,\n"
                    + "  (0, eval)('typeof Polyglot')]"))
        .hasToString("[\"undefined\",true,\"undefined\"]");
  }

  @Test
  void promiseThatNeverSettlesFailsAtOnce() {
    long start = System.nanoTime();
    var e = failure("export default async () => { await new Promise(() => {}) }");
    assertThat(e).hasMessage("code step did not finish: its promise never settled");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMITS.wallClock());
  }

  @Test
  void fetchToAServerThatNeverAnswersHitsTheWallClockLimit() throws IOException {
    // a listening socket nobody accepts from: the connection opens and the reply never comes
    try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/slow";
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  run(
                      sandbox,
                      "export default async () => (await fetch('" + url + "')).status",
                      new JdkOutboundHttp(Set.of())))
          .hasMessage("code step exceeded its wall-clock limit of 3s")
          .matches(e -> !((CodeException) e).isPermanent());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void hugeConsoleOutputFailsTheStepAtTheOutputCap() {
    assertThat(failure("export default () => { for (;;) console.log('x'.repeat(10000)) }"))
        .hasMessage("code step wrote more than 1048576 bytes of log output");
  }
}
