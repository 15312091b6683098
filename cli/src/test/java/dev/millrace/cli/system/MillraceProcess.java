package dev.millrace.cli.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@code millrace server} or {@code millrace worker} running as a real process of its own. */
final class MillraceProcess implements AutoCloseable {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path LOGS = Path.of("target", "system-logs");

  final String name;
  final Path log;
  private final Process process;

  private MillraceProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static MillraceProcess start(String name, String command, Map<String, String> env) {
    return start(name, List.of(command), env, ROOT);
  }

  /**
   * Runs {@code millrace <args>} in {@code directory}, with {@code env} over this process's
   * environment (a null value removes a variable).
   */
  static MillraceProcess start(
      String name, List<String> args, Map<String, String> env, Path directory) {
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(name + "-" + System.nanoTime() + ".log");
      var command = new java.util.ArrayList<String>();
      command.add(ROOT.resolve("millrace").toString());
      command.addAll(args);
      var builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      env.forEach(
          (key, value) -> {
            if (value == null) {
              builder.environment().remove(key);
            } else {
              builder.environment().put(key, value);
            }
          });
      Process process = builder.start();
      process.getOutputStream().close();
      return new MillraceProcess(name, log, process);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start millrace " + String.join(" ", args), e);
    }
  }

  /** The launcher execs java, so this is the JVM's pid. */
  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** {@code kill -9}: no shutdown hook, no drain, nothing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Sends a signal such as STOP, CONT or TERM. */
  void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
  }

  /** The exit code; the process must have ended. */
  int exitValue() {
    return process.exitValue();
  }

  /** SIGTERM, then waits for the process to end by itself. */
  boolean terminate(long seconds) throws IOException, InterruptedException {
    signal("TERM");
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
