package dev.millrace.cli.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * The Redis and PostgreSQL that {@code millrace dev} starts inside its own process, so one command
 * runs the whole system with no services installed. PostgreSQL keeps its data under {@code
 * home/postgres} across restarts; Redis keeps nothing (runs and journals live in PostgreSQL; the
 * sweeper re-adds the jobs of runs still QUEUED).
 */
public final class EmbeddedServices implements AutoCloseable {
  private final RedisServer redis;
  private final EmbeddedPostgres postgres;
  private final int redisPort;

  private EmbeddedServices(RedisServer redis, int redisPort, EmbeddedPostgres postgres) {
    this.redis = redis;
    this.redisPort = redisPort;
    this.postgres = postgres;
  }

  /** Starts both; ports 0 pick free ones. */
  public static EmbeddedServices start(Path home, int redisPort, int postgresPort) {
    RedisServer redis = null;
    try {
      Files.createDirectories(home);
      int port = redisPort == 0 ? freePort() : redisPort;
      redis =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .setting("maxmemory-policy noeviction")
              .build();
      redis.start();
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(home.resolve("postgres"))
              .setCleanDataDirectory(false)
              .setPort(postgresPort == 0 ? freePort() : postgresPort)
              .start();
      return new EmbeddedServices(redis, port, postgres);
    } catch (IOException e) {
      stopQuietly(redis);
      throw new UncheckedIOException("cannot start the embedded services: " + e.getMessage(), e);
    }
  }

  public String redisUrl() {
    return "redis://127.0.0.1:" + redisPort;
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      stopQuietly(redis);
    }
  }

  private static void stopQuietly(RedisServer redis) {
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException ignored) {
        // stopping is best effort at shutdown
      }
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
