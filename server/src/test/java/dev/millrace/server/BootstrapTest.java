package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void aFirstStartWithoutAnApiKeyCreatesOneAndALaterStartDoesNot() throws Exception {
    String schema = TestServices.newSchema();
    Map<String, String> env = new HashMap<>();
    env.put("MILLRACE_PORT", "0");
    env.put("MILLRACE_DATABASE_URL", TestServices.DATABASE_URL);
    env.put("MILLRACE_DATABASE_SCHEMA", schema);
    env.put("MILLRACE_REDIS_URL", TestServices.REDIS_URL);
    env.put("MILLRACE_QUEUE_PREFIX", "mrboot" + schema);
    try {
      String key;
      try (AppServer first = new AppServer(ServerConfig.fromEnvironment(env)).start()) {
        key = first.createdApiKey().orElseThrow();
        assertThat(first.workerToken()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(status(first, key)).isEqualTo(200);
      }
      try (AppServer second = new AppServer(ServerConfig.fromEnvironment(env)).start()) {
        assertThat(second.createdApiKey()).isEmpty();
        assertThat(status(second, key)).isEqualTo(200);
        second.stop();
        second.stop(); // idempotent
      }
    } finally {
      TestServices.dropSchema(schema);
      io.lettuce.core.RedisClient redis =
          io.lettuce.core.RedisClient.create(TestServices.REDIS_URL);
      for (String q : new String[] {"runs", "schedules"}) {
        try (dev.millrace.queue.Queue queue =
            new dev.millrace.queue.Queue(redis, q, "mrboot" + schema)) {
          queue.obliterate(true);
        }
      }
      redis.shutdown();
    }
  }

  static int status(AppServer app, String key) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/flows"))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }
}
