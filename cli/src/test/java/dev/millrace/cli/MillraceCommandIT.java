package dev.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.FlowReader;
import dev.millrace.testkit.HttpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code millrace} command as a user types it: the real launcher, a real process. */
class MillraceCommandIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  record Outcome(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return FlowReader.JSON.readTree(out);
    }
  }

  static Outcome millrace(Map<String, String> env, String... args) throws Exception {
    var command = new ArrayList<String>(List.of(ROOT.resolve("millrace").toString()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(ROOT.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Outcome(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  static Outcome millrace(String... args) throws Exception {
    return millrace(Map.of(), args);
  }

  @Test
  void runPrintsATimelineAndExitsZeroOnSuccess() throws Exception {
    Outcome run = millrace("run", "examples/hello.json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("✓ greet")
        .contains("| greeting 3 people")
        .contains("each_greeting[2].shout")
        .contains("SUCCEEDED in")
        .contains("output: \"HELLO, ADA! HELLO, GRACE! HELLO, LINUS!\"");
  }

  @Test
  void runWithJsonOutputPrintsExactlyOneJsonObject() throws Exception {
    Outcome run =
        millrace(
            "run",
            "examples/orders.json",
            "--trigger",
            "examples/orders.trigger.json",
            "--output",
            "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(result.get("output").get("body").get("revenue").asInt())
        .isEqualTo(45 + 32 + 120 + 30);
    assertThat(result.get("steps").get("each_order[1].count_large").get("status").asText())
        .isEqualTo("SUCCEEDED");
    assertThat(result.get("steps").has("each_order[1].count_small")).isFalse();
    assertThat(result.get("steps").get("each_order[2].count_small").get("output").asInt())
        .isEqualTo(2);
  }

  @Test
  void runTakesAnInlineTriggerAndExitsNonZeroWhenTheRunFails() throws Exception {
    Outcome run = millrace("run", "examples/orders.json", "--trigger", "{\"orders\": 5}");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("✗ each_order")
        .contains("FAILED")
        .contains("items must be a list, got number");
  }

  @Test
  void runReachesALocalServerOnlyWhenAllowListed() throws Exception {
    try (HttpSink sink = HttpSink.start()) {
      String trigger = "{\"url\": \"" + sink.url("/status") + "\"}";
      Outcome allowed =
          millrace(
              Map.of("MILLRACE_SSRF_ALLOW_LIST", "127.0.0.1"),
              "run",
              "examples/http-retry.json",
              "--trigger",
              trigger,
              "--output",
              "json");
      assertThat(allowed.exit()).as(allowed.err()).isZero();
      assertThat(allowed.json().get("output").get("status").asInt()).isEqualTo(200);
      assertThat(sink.count("/status")).isEqualTo(1);
      assertThat(sink.requests().getFirst().header("Idempotency-Key")).endsWith(":fetch_status");

      Outcome denied =
          millrace("run", "examples/http-retry.json", "--trigger", trigger, "--output", "json");
      assertThat(denied.exit()).isZero();
      assertThat(denied.json().get("output").get("why").asText()).contains("egress denied");
      assertThat(sink.count("/status")).isEqualTo(1);
    }
  }

  @Test
  void runEndsPausedWithExitThreeAtAnApproval() throws Exception {
    Outcome run =
        millrace(
            "run",
            "examples/approval.yaml",
            "--trigger",
            "{\"amount\": 12.345, \"customer\": \"Ada\"}");
    assertThat(run.exit()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).contains("PAUSED").contains("waiting at approve");
  }

  @Test
  void runWaitsOutADelayAndContinues() throws Exception {
    Outcome run = millrace("run", "examples/delay.json", "--output", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.json().get("steps").get("wait").get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void validateAcceptsTheExamples() throws Exception {
    Outcome validate =
        millrace(
            "validate",
            "examples/hello.json",
            "examples/orders.json",
            "examples/approval.yaml",
            "examples/http-retry.json",
            "examples/delay.json");
    assertThat(validate.exit()).as(validate.out()).isZero();
    assertThat(validate.out()).contains("examples/hello.json: valid");
  }

  @Test
  void validatePrintsEveryProblemAndExitsNonZero(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad,
        """
        {"name": "bad", "steps": [
          {"name": "score", "type": "piece", "piece": "htp", "action": "request"},
          {"name": "fetch", "type": "piece", "piece": "http", "action": "request", "input": {"method": "GET"}},
          {"name": "use", "type": "code", "input": {"x": "{{nothing.here}}"}, "source": "export default (i) => i"}]}""");
    Outcome validate = millrace("validate", bad.toString());
    assertThat(validate.exit()).isEqualTo(2);
    assertThat(validate.out())
        .contains("3 problems")
        .contains("steps[0] \"score\" piece: unknown piece \"htp\"")
        .contains("steps[1] \"fetch\" input.url: missing required input")
        .contains("steps[2] \"use\" input: template {{nothing.here}}: no step named \"nothing\"");

    Outcome run = millrace("run", bad.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown piece \"htp\"");
  }

  @Test
  void aBadSettingStopsTheCommandNamingTheVariable() throws Exception {
    Outcome run = millrace(Map.of("MILLRACE_NETWORK_MODE", "OPEN"), "run", "examples/hello.json");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("MILLRACE_NETWORK_MODE=OPEN");
  }
}
