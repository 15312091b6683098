package dev.millrace.queue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A child process whose stdout lines are collected; {@link #kill()} is kill -9. */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private ChildProcess(Process process) {
    this.process = process;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // ended
              }
            });
  }

  static ChildProcess start(List<String> command) {
    try {
      return new ChildProcess(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
  }

  /** A JVM running {@code mainClass} with this test's classpath. */
  static ChildProcess java(Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return start(command);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  long count(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).count();
  }

  void awaitLines(String prefix, long count, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .until(
            () -> {
              if (!process.isAlive() && count(prefix) < count) {
                throw new AssertionError("child exited with " + process.exitValue() + ": " + lines);
              }
              return count(prefix) >= count;
            });
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
