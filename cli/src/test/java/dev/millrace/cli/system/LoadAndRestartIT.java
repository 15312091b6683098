package dev.millrace.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.testkit.HttpSink;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** Many runs through two worker processes, and an app that restarts under them. */
class LoadAndRestartIT {
  static final String COUNTING_FLOW =
      """
      {"name": "count", "trigger": {"type": "webhook"}, "steps": [
        {"name": "shape", "type": "code", "input": {"n": "{{trigger.body.n}}"}, "source": "export default ({ n }) => ({ n })"},
        {"name": "count", "type": "piece", "piece": "store", "action": "increment", "input": {"key": "runs", "scope": "flow"}},
        {"name": "done", "type": "piece", "piece": "text", "action": "concat", "input": {"parts": ["run ", "{{shape.n}}"]}}]}""";

  @Test
  void twoWorkersCompleteAThousandWebhookRunsExactlyOnceEach() throws Exception {
    try (SystemFixture system = new SystemFixture().startServer()) {
      system.startWorker(5);
      system.startWorker(5);
      String flow = system.createFlow(COUNTING_FLOW);
      int runs = 1000;
      var limit = new Semaphore(32);
      List<Future<String>> started = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < runs; i++) {
          int n = i;
          limit.acquire();
          started.add(
              pool.submit(
                  () -> {
                    try {
                      return system.webhook(flow, "{\"n\": " + n + "}");
                    } finally {
                      limit.release();
                    }
                  }));
        }
      }
      for (Future<String> runId : started) {
        assertThat(runId.get()).isNotBlank();
      }
      await("every run to finish")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> statusCounts(system).getOrDefault("SUCCEEDED", 0L) == runs);

      assertThat(statusCounts(system)).containsOnlyKeys("SUCCEEDED");
      try (Connection db = system.database();
          ResultSet steps =
              db.createStatement()
                  .executeQuery("select count(*), count(distinct (run_id, path)) from steps")) {
        steps.next();
        assertThat(steps.getLong(1)).isEqualTo(3L * runs);
        assertThat(steps.getLong(2)).isEqualTo(3L * runs);
      }
      try (Connection db = system.database();
          ResultSet counter =
              db.createStatement().executeQuery("select value from kv where key = 'runs'")) {
        counter.next();
        assertThat(counter.getString(1))
            .as("the store was incremented once per run")
            .isEqualTo("1000");
      }
    }
  }

  @Test
  void anAppRestartInTheMiddleOfRunsLosesAndDuplicatesNothing() throws Exception {
    try (HttpSink sink = HttpSink.start();
        SystemFixture system = new SystemFixture().startServer()) {
      sink.respond("/slow", HttpSink.Reply.json(200, "{}").after(1500));
      system.startWorker(5);
      String flow =
          system.createFlow(
              """
          {"name": "restart", "trigger": {"type": "webhook"}, "steps": [
            {"name": "before", "type": "piece", "piece": "http", "action": "request",
             "input": {"method": "POST", "url": "%s", "body": {"run": "{{run.id}}"}}},
            {"name": "slow", "type": "piece", "piece": "http", "action": "request", "input": {"url": "%s"}},
            {"name": "after", "type": "piece", "piece": "http", "action": "request",
             "input": {"method": "POST", "url": "%s", "body": {"run": "{{run.id}}"}}}]}"""
                  .formatted(sink.url("/before"), sink.url("/slow"), sink.url("/after")));
      List<String> runIds = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        runIds.add(system.webhook(flow, "{}"));
      }
      await("the runs to be in their slow step")
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.count("/slow") == 5);

      system.server.kill();
      system.startServer();

      for (String runId : runIds) {
        system.awaitRun(runId, "SUCCEEDED", Duration.ofSeconds(90));
      }
      assertThat(sink.count("/before")).isEqualTo(5);
      assertThat(sink.count("/after")).isEqualTo(5);
      Map<String, Integer> perRun = new HashMap<>();
      sink.requests().stream()
          .filter(r -> r.path().equals("/after"))
          .forEach(r -> perRun.merge(r.body(), 1, Integer::sum));
      assertThat(perRun.values()).containsOnly(1);
      for (String runId : runIds) {
        WorkerFaultsIT.assertNoDuplicateSteps(system.run(runId), "before", "slow", "after");
      }
    }
  }

  static Map<String, Long> statusCounts(SystemFixture system) throws Exception {
    var counts = new HashMap<String, Long>();
    try (Connection db = system.database();
        ResultSet rows =
            db.createStatement()
                .executeQuery("select status, count(*) from runs group by status")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return counts;
  }
}
