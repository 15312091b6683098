package dev.millrace.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  private static Map<String, String> required() {
    var env = new HashMap<String, String>();
    env.put("MILLRACE_REDIS_URL", "redis://127.0.0.1:6379");
    env.put("MILLRACE_APP_URL", "http://app.internal:8080/");
    env.put("MILLRACE_WORKER_TOKEN", "s3cret");
    return env;
  }

  @Test
  void defaultsFollowTheDocumentedValues() {
    WorkerConfig c = WorkerConfig.fromEnvironment(required());
    assertThat(c.concurrency()).isEqualTo(5);
    assertThat(c.queuePrefix()).isEqualTo("bull");
    assertThat(c.queueName()).isEqualTo("runs");
    assertThat(c.lockDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.stalledInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.healthPort()).isEqualTo(8081);
    assertThat(c.reportRetry()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.appUrl()).isEqualTo("http://app.internal:8080");
  }

  @Test
  void everySettingIsRead() {
    var env = required();
    env.put("MILLRACE_WORKER_CONCURRENCY", "12");
    env.put("MILLRACE_QUEUE_PREFIX", "{millrace}");
    env.put("MILLRACE_LOCK_DURATION_MS", "5000");
    env.put("MILLRACE_STALLED_INTERVAL_MS", "7000");
    env.put("MILLRACE_WORKER_DRAIN_SECONDS", "9");
    env.put("MILLRACE_WORKER_PORT", "9100");
    env.put("MILLRACE_WORKER_REPORT_RETRY_SECONDS", "11");
    WorkerConfig c = WorkerConfig.fromEnvironment(env);
    assertThat(c.concurrency()).isEqualTo(12);
    assertThat(c.queuePrefix()).isEqualTo("{millrace}");
    assertThat(c.lockDuration()).isEqualTo(Duration.ofMillis(5000));
    assertThat(c.stalledInterval()).isEqualTo(Duration.ofMillis(7000));
    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(c.healthPort()).isEqualTo(9100);
    assertThat(c.reportRetry()).isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void missingRequiredVariablesAreAllNamed() {
    assertThatThrownBy(() -> WorkerConfig.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MILLRACE_REDIS_URL")
        .hasMessageContaining("MILLRACE_APP_URL")
        .hasMessageContaining("MILLRACE_WORKER_TOKEN");
  }

  @Test
  void aBadValueNamesItsVariable() {
    for (var bad :
        Map.of(
                "MILLRACE_WORKER_CONCURRENCY", "0",
                "MILLRACE_LOCK_DURATION_MS", "soon",
                "MILLRACE_STALLED_INTERVAL_MS", "-1",
                "MILLRACE_WORKER_DRAIN_SECONDS", "x",
                "MILLRACE_WORKER_PORT", "70000",
                "MILLRACE_WORKER_REPORT_RETRY_SECONDS", "1.5",
                "MILLRACE_REDIS_URL", "http://not-redis",
                "MILLRACE_APP_URL", "app:8080")
            .entrySet()) {
      var env = required();
      env.put(bad.getKey(), bad.getValue());
      assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.getKey());
    }
  }

  @Test
  void theTokenIsMaskedWhenPrinted() {
    var env = required();
    env.put("MILLRACE_REDIS_URL", "redis://:hunter2@redis:6379");
    WorkerConfig c = WorkerConfig.fromEnvironment(env);
    assertThat(String.join("\n", c.describe())).doesNotContain("s3cret").doesNotContain("hunter2");
    assertThat(c.toString()).doesNotContain("s3cret");
  }
}
