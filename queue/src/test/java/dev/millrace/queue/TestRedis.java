package dev.millrace.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.UUID;

/**
 * The Redis the queue tests run against: {@code MILLRACE_TEST_REDIS_URL} when set, else
 * redis://127.0.0.1:6379; with the system property {@code millrace.test.redis=embedded} (the
 * build's Redis 6.2 conformance run), an embedded Redis 6.2 started once on a spare port. One
 * shared client; each test uses its own random queue name and deletes its keys afterwards.
 */
public final class TestRedis {
  private static final String URL = resolveUrl();
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  private TestRedis() {}

  private static String resolveUrl() {
    if ("embedded".equals(System.getProperty("millrace.test.redis"))) {
      try {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
          port = s.getLocalPort();
        }
        redis.embedded.RedisServer server =
            redis.embedded.RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.stop();
                      } catch (java.io.IOException e) {
                        // exiting anyway
                      }
                    }));
        return "redis://127.0.0.1:" + port;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot start the embedded Redis", e);
      }
    }
    return System.getenv().getOrDefault("MILLRACE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  }

  public static String url() {
    return URL;
  }

  public static synchronized RedisClient client() {
    if (client == null) {
      client = RedisClient.create(URL);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> client.shutdown()));
    }
    return client;
  }

  /** Plain commands, for inspecting what the library wrote. */
  public static synchronized RedisCommands<String, String> redis() {
    if (connection == null) {
      connection = client().connect();
    }
    return connection.sync();
  }

  public static String randomQueueName() {
    return "test-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** Deletes every key of a queue (prefix "bull"). */
  public static void deleteQueue(String queue) {
    deleteQueue("bull", queue);
  }

  public static void deleteQueue(String prefix, String queue) {
    List<String> keys = redis().keys(prefix + ":" + queue + ":*");
    if (!keys.isEmpty()) {
      redis().del(keys.toArray(String[]::new));
    }
  }
}
