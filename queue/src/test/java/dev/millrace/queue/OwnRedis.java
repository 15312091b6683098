package dev.millrace.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A redis-server of the test's own on a spare port, for fault tests (kill, restart). With
 * persistence on, it uses an append-only file fsynced on every write, so a kill -9 loses no
 * acknowledged write and a restart finds the queue as it was.
 */
final class OwnRedis implements AutoCloseable {
  private static final String BINARY = "/usr/bin/redis-server";
  private final int port;
  private final Path dir;
  private final boolean persistent;
  private Process process;

  private OwnRedis(boolean persistent) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.dir = Files.createTempDirectory("millrace-redis-");
    this.persistent = persistent;
  }

  static boolean available() {
    return Files.isExecutable(Path.of(BINARY));
  }

  static OwnRedis start(boolean persistent) throws IOException {
    OwnRedis r = new OwnRedis(persistent);
    r.launch();
    return r;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  private void launch() throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BINARY,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--daemonize",
                "no",
                "--dir",
                dir.toString()));
    if (persistent) {
      cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      cmd.addAll(List.of("--appendonly", "no"));
    }
    process =
        new ProcessBuilder(cmd)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .redirectErrorStream(true)
            .start();
    RedisClient probe = RedisClient.create(url());
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                try (StatefulRedisConnection<String, String> c = probe.connect()) {
                  return "PONG".equals(c.sync().ping());
                }
              });
    } finally {
      probe.shutdown();
    }
  }

  /** kill -9. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts it again on the same port and data directory. */
  void restart() throws IOException {
    launch();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp dir; leave it
    }
  }
}
