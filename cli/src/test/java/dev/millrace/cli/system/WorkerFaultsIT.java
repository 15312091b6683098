package dev.millrace.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.testkit.HttpSink;
import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * Workers that die or freeze in the middle of a run, for real: {@code kill -9} and SIGSTOP of a
 * worker process. Side effects are counted at a local HTTP sink.
 */
class WorkerFaultsIT {
  /** step1 calls the sink, step2 is a slow call, step3 calls the sink again. */
  static String flow(HttpSink sink) {
    return """
        {"name": "crash-me", "trigger": {"type": "webhook"}, "steps": [
          {"name": "step1", "type": "piece", "piece": "http", "action": "request",
           "input": {"method": "POST", "url": "%s", "body": {"run": "{{run.id}}"}}},
          {"name": "step2", "type": "piece", "piece": "http", "action": "request",
           "input": {"method": "GET", "url": "%s", "timeoutMs": 20000}},
          {"name": "step3", "type": "piece", "piece": "http", "action": "request",
           "input": {"method": "POST", "url": "%s", "body": {"after": "{{step1.status}}"}}}]}"""
        .formatted(sink.url("/one"), sink.url("/slow"), sink.url("/three"));
  }

  @Test
  void aWorkerKilledMidFlowIsReplacedAndCompletedStepsAreNotRepeated() throws Exception {
    try (HttpSink sink = HttpSink.start();
        SystemFixture system = new SystemFixture().startServer()) {
      sink.respond("/slow", HttpSink.Reply.json(200, "{\"slow\": true}").after(3000));
      MillraceProcess first = system.startWorker(2);
      String runId = system.webhook(system.createFlow(flow(sink)), "{}");
      await("step2 to be in flight")
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.count("/slow") == 1);

      first.kill();
      system.startWorker(2);
      JsonNode run = system.awaitRun(runId, "SUCCEEDED", Duration.ofSeconds(60));

      assertThat(sink.count("/one")).as("step1 ran before the crash and was replayed").isEqualTo(1);
      assertThat(sink.count("/slow")).as("step2 was in flight: at most twice").isBetween(1, 2);
      assertThat(sink.count("/three")).as("step3 had not started").isEqualTo(1);
      assertThat(run.get("attempt").asInt()).isEqualTo(2);
      assertNoDuplicateSteps(run);
    }
  }

  @Test
  void aFrozenWorkerPastItsLeaseIsSupersededAndItsLateWritesAreRefused() throws Exception {
    try (HttpSink sink = HttpSink.start();
        SystemFixture system = new SystemFixture().startServer()) {
      sink.respond("/slow", HttpSink.Reply.json(200, "{\"slow\": true}").after(4000));
      MillraceProcess zombie = system.startWorker(1);
      String runId = system.webhook(system.createFlow(flow(sink)), "{}");
      await("step2 to be in flight")
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.count("/slow") == 1);

      zombie.signal("STOP");
      system.startWorker(1);
      JsonNode run = system.awaitRun(runId, "SUCCEEDED", Duration.ofSeconds(60));
      zombie.signal("CONT");

      await("the zombie to learn its lease is gone")
          .atMost(Duration.ofSeconds(30))
          .until(() -> zombie.output().contains("lease superseded"));
      assertThat(zombie.alive()).as("the zombie stops that run, not itself").isTrue();
      assertThat(sink.count("/one")).isEqualTo(1);
      assertThat(sink.count("/three")).as("the zombie never reached step3").isEqualTo(1);
      JsonNode after = system.run(runId);
      assertThat(after.get("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(after.get("steps").size()).isEqualTo(run.get("steps").size());
      assertNoDuplicateSteps(after);
    }
  }

  static void assertNoDuplicateSteps(JsonNode run) {
    assertNoDuplicateSteps(run, "step1", "step2", "step3");
  }

  static void assertNoDuplicateSteps(JsonNode run, String... expected) {
    var paths = new HashSet<String>();
    for (JsonNode step : run.get("steps")) {
      assertThat(paths.add(step.get("path").asText()))
          .as("duplicate journal entry " + step)
          .isTrue();
    }
    assertThat(paths).containsExactlyInAnyOrder(expected);
  }
}
