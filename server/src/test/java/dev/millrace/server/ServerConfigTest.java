package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("MILLRACE_DATABASE_URL", "jdbc:postgresql://db/x");
    env.put("MILLRACE_REDIS_URL", "redis://r:6379");
    return env;
  }

  @Test
  void defaultsApply() {
    ServerConfig c = ServerConfig.fromEnvironment(minimal());
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.webhookTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.maxPayloadBytes()).isEqualTo(1 << 20);
    assertThat(c.pausedFlowTimeout()).isEqualTo(Duration.ofDays(30));
    assertThat(c.sweepInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.queuePrefix()).isEqualTo("bull");
    assertThat(c.baseUrl(8080)).isEqualTo("http://localhost:8080");
  }

  @Test
  void aBadValueNamesItsVariable() {
    for (var bad :
        Map.of(
                "MILLRACE_PORT", "eighty",
                "MILLRACE_WEBHOOK_TIMEOUT_SECONDS", "0",
                "MILLRACE_MAX_PAYLOAD_BYTES", "-1",
                "MILLRACE_DATABASE_URL", "postgres://x",
                "MILLRACE_PUBLIC_URL", "ftp://x",
                "MILLRACE_WORKER_TOKEN", "short",
                "MILLRACE_DATABASE_SCHEMA", "Robert'); DROP")
            .entrySet()) {
      Map<String, String> env = minimal();
      env.put(bad.getKey(), bad.getValue());
      assertThatThrownBy(() -> ServerConfig.fromEnvironment(env))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.getKey());
    }
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of()))
        .hasMessageContaining("MILLRACE_DATABASE_URL")
        .hasMessageContaining("MILLRACE_REDIS_URL");
  }

  @Test
  void secretsAreMaskedInTheText() {
    Map<String, String> env = minimal();
    env.put("MILLRACE_DATABASE_URL", "jdbc:postgresql://db/x?user=u&password=hunter2hunter2");
    env.put("MILLRACE_WORKER_TOKEN", "worker-token-0123456789");
    String text = ServerConfig.fromEnvironment(env).toString();
    assertThat(text).doesNotContain("hunter2").doesNotContain("worker-token-0123456789");
  }
}
