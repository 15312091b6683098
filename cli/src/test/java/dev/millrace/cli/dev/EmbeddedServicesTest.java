package dev.millrace.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.queue.Queue;
import dev.millrace.queue.Worker;
import dev.millrace.queue.WorkerOptions;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode's own Redis (6.2) and PostgreSQL start as root, and the queue's scripts run on that
 * Redis.
 */
class EmbeddedServicesTest {
  @Test
  void startsRedisAndPostgresAndTheQueueWorksOnTheEmbeddedRedis(@TempDir Path home)
      throws Exception {
    try (var services = EmbeddedServices.start(home, 0, 0)) {
      try (var connection = DriverManager.getConnection(services.jdbcUrl());
          var result = connection.createStatement().executeQuery("select 40 + 2")) {
        assertThat(result.next()).isTrue();
        assertThat(result.getInt(1)).isEqualTo(42);
      }
      RedisClient client = RedisClient.create(services.redisUrl());
      try (var queue = new Queue(client, "embedded-check")) {
        queue.add("job", "{\"n\":1}");
        var done = new CompletableFuture<String>();
        var worker =
            new Worker(
                client,
                "embedded-check",
                job -> {
                  done.complete(job.dataJson());
                  return Map.of("ok", true);
                },
                WorkerOptions.builder().concurrency(1).build());
        worker.start();
        assertThat(done.get(20, TimeUnit.SECONDS)).isEqualTo("{\"n\":1}");
        worker.close(Duration.ofSeconds(5));
      } finally {
        client.shutdown();
      }
    }
  }
}
