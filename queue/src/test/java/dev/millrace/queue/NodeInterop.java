package dev.millrace.queue;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Node BullMQ scripts of {@code src/test/node} against the test Redis. The npm packages
 * come from {@code scripts/lib/node-deps.sh} (installed once into a cache folder). Without node or
 * npm the calling test is skipped, saying why; under {@code CI=true} it fails instead.
 */
final class NodeInterop {
  static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static Path nodeModules;
  private static String unavailable;

  private NodeInterop() {}

  /**
   * Makes sure node and the npm packages are there; skips (or, under CI, fails) the test if not.
   */
  static synchronized void require() {
    if (nodeModules == null && unavailable == null) {
      setUp();
    }
    if (unavailable != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("Node interop tests need node and npm under CI=true: " + unavailable);
      }
      Assumptions.abort("Node interop skipped: " + unavailable);
    }
  }

  private static void setUp() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/lib/node-deps.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      unavailable = "scripts/lib/node-deps.sh not found above " + Path.of("").toAbsolutePath();
      return;
    }
    root = dir;
    try {
      Process p =
          new ProcessBuilder("bash", root.resolve("scripts/lib/node-deps.sh").toString())
              .redirectErrorStream(false)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        unavailable = "node-deps.sh failed (is node/npm on PATH and the npm registry reachable?)";
        return;
      }
      String[] lines = output.split("\n");
      nodeModules = Path.of(lines[lines.length - 1]).resolve("node_modules");
    } catch (IOException e) {
      unavailable = "cannot run node-deps.sh: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable = "interrupted";
    }
  }

  /** Starts a script; its stdout JSON lines are collected as they come. */
  static NodeProcess start(String script, String... args) {
    require();
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(root.resolve("queue/src/test/node").resolve(script).toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("NODE_PATH", nodeModules.toString());
    pb.environment().put("REDIS_URL", TestRedis.url());
    try {
      return new NodeProcess(pb.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start node " + script, e);
    }
  }

  /** Runs a script to its end and returns its last JSON line. */
  static JsonNode run(String script, String... args) {
    NodeProcess p = start(script, args);
    p.awaitExit(Duration.ofSeconds(30));
    List<JsonNode> lines = p.lines();
    if (p.exitCode() != 0 || lines.isEmpty()) {
      fail("node " + script + " exited with " + p.exitCode() + " and printed " + lines);
    }
    return lines.getLast();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A running node script. */
  static final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    NodeProcess(Process process) {
      this.process = process;
      this.reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (BufferedReader r =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = r.readLine()) != null) {
                        try {
                          lines.add(JSON.readTree(line));
                        } catch (IOException e) {
                          lines.add(JSON.getNodeFactory().textNode(line));
                        }
                      }
                    } catch (IOException e) {
                      // process ended
                    }
                  });
    }

    List<JsonNode> lines() {
      return List.copyOf(lines);
    }

    List<JsonNode> lines(Predicate<JsonNode> filter) {
      return lines.stream().filter(filter).toList();
    }

    JsonNode awaitLine(Predicate<JsonNode> filter, Duration timeout) {
      Awaitility.await()
          .atMost(timeout)
          .until(() -> lines.stream().anyMatch(filter) || !process.isAlive() && noMatch(filter));
      return lines.stream()
          .filter(filter)
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("node exited (" + exitCode() + ") without it: " + lines));
    }

    private boolean noMatch(Predicate<JsonNode> filter) {
      return lines.stream().noneMatch(filter);
    }

    static Predicate<JsonNode> event(String name) {
      return n -> name.equals(n.path("event").asText());
    }

    static Predicate<JsonNode> event(String name, String jobId) {
      return n ->
          name.equals(n.path("event").asText())
              && jobId.equals(n.path("jobId").asText(n.path("id").asText()));
    }

    void awaitExit(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          fail("node did not exit within " + timeout + "; printed " + lines);
        }
        reader.join(5_000); // every line printed before exit is read
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    int exitCode() {
      return process.isAlive() ? -1 : process.exitValue();
    }

    long pid() {
      return process.pid();
    }

    void closeStdin() {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // already gone
      }
    }

    /** kill -9. */
    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        closeStdin();
        process.destroy();
        try {
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    }
  }
}
