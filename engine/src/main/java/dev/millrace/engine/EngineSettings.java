package dev.millrace.engine;

import dev.millrace.engine.code.CodeLimits;
import dev.millrace.engine.net.EgressConfig;
import dev.millrace.engine.net.NetworkMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's settings, read once from environment variables and validated: a bad value stops the
 * process with a message naming the variable. See docs/configuration.md for every variable.
 */
public record EngineSettings(
    ExecutionMode executionMode, EngineConfig engine, EgressConfig egress, CodeLimits code) {

  /**
   * Reads {@code MILLRACE_*} variables from {@code env}.
   *
   * @throws IllegalArgumentException naming every variable with a bad value
   */
  public static EngineSettings fromEnvironment(Map<String, String> env) {
    var reader = new Reader(env);
    ExecutionMode mode =
        reader.choice(
            "MILLRACE_EXECUTION_MODE", ExecutionMode.class, ExecutionMode.SANDBOX_CODE_ONLY);
    NetworkMode network =
        reader.choice("MILLRACE_NETWORK_MODE", NetworkMode.class, NetworkMode.STRICT);
    List<String> allow = reader.list("MILLRACE_SSRF_ALLOW_LIST");
    Duration runTimeout =
        Duration.ofSeconds(reader.number("MILLRACE_FLOW_TIMEOUT_SECONDS", 600, 1, 30L * 24 * 3600));
    int maxOutput =
        (int) reader.number("MILLRACE_MAX_STEP_OUTPUT_BYTES", 4 << 20, 1024, 256L << 20);
    CodeLimits defaults = CodeLimits.defaults();
    Duration cpu =
        Duration.ofMillis(
            reader.number(
                "MILLRACE_CODE_CPU_TIME_MS", defaults.cpuTime().toMillis(), 10, 3_600_000));
    Duration wall =
        Duration.ofMillis(
            reader.number(
                "MILLRACE_CODE_WALL_TIME_MS", defaults.wallClock().toMillis(), 10, 3_600_000));
    long statements =
        reader.number("MILLRACE_CODE_MAX_STATEMENTS", defaults.statements(), 1000, Long.MAX_VALUE);
    int stack =
        (int) reader.number("MILLRACE_CODE_MAX_STACK_FRAMES", defaults.stackFrames(), 10, 100_000);
    int threads = (int) reader.number("MILLRACE_CODE_THREADS", defaults.threads(), 1, 256);
    int warm =
        (int)
            reader.number(
                "MILLRACE_CODE_WARM_CONTEXTS", CodeLimits.DEFAULT_WARM_CONTEXTS, 0, 10_000);
    long responseBytes =
        reader.number("MILLRACE_HTTP_MAX_RESPONSE_BYTES", 10L << 20, 1024, 1L << 30);
    Duration httpTimeout =
        Duration.ofSeconds(reader.number("MILLRACE_HTTP_TIMEOUT_SECONDS", 30, 1, 3600));
    reader.finish();
    if (mode == ExecutionMode.SANDBOX_PROCESS) {
      throw new IllegalArgumentException(
          "MILLRACE_EXECUTION_MODE=SANDBOX_PROCESS is not available in this"
              + " version; use SANDBOX_CODE_ONLY (the default) or UNSANDBOXED");
    }
    var egress =
        new EgressConfig(network, allow, Duration.ofSeconds(10), httpTimeout, responseBytes, 5);
    var code =
        new CodeLimits(
            cpu, wall, statements, stack, maxOutput, defaults.maxLogBytes(), threads, warm);
    if (mode == ExecutionMode.UNSANDBOXED) {
      code =
          new CodeLimits(
              Duration.ofDays(1),
              Duration.ofSeconds(runTimeout.toSeconds()),
              Long.MAX_VALUE,
              100_000,
              maxOutput,
              defaults.maxLogBytes(),
              threads,
              warm);
    }
    var engine =
        EngineConfig.defaults().withRunTimeout(runTimeout).withMaxStepOutputBytes(maxOutput);
    return new EngineSettings(mode, engine, egress, code);
  }

  /** The settings as {@code NAME=value} lines, for printing at start (none of them is secret). */
  public List<String> describe() {
    return List.of(
        "MILLRACE_EXECUTION_MODE=" + executionMode,
        "MILLRACE_NETWORK_MODE=" + egress.mode(),
        "MILLRACE_SSRF_ALLOW_LIST=" + String.join(",", egress.allowList()),
        "MILLRACE_FLOW_TIMEOUT_SECONDS=" + engine.runTimeout().toSeconds(),
        "MILLRACE_MAX_STEP_OUTPUT_BYTES=" + engine.maxStepOutputBytes(),
        "MILLRACE_CODE_CPU_TIME_MS=" + code.cpuTime().toMillis(),
        "MILLRACE_CODE_WALL_TIME_MS=" + code.wallClock().toMillis(),
        "MILLRACE_CODE_WARM_CONTEXTS=" + code.warmContexts());
  }

  /** Collects every bad variable before failing, so one start reports them all. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> faults = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        faults.add(
            name + "=" + value + " is not one of " + Arrays.toString(type.getEnumConstants()));
        return fallback;
      }
    }

    long number(String name, long fallback, long min, long max) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        long n = Long.parseLong(value.strip());
        if (n < min || n > max) {
          faults.add(name + "=" + value + " must be between " + min + " and " + max);
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        faults.add(name + "=" + value + " is not a whole number");
        return fallback;
      }
    }

    List<String> list(String name) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return List.of();
      }
      return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    void finish() {
      if (!faults.isEmpty()) {
        throw new IllegalArgumentException("bad configuration: " + String.join("; ", faults));
      }
    }
  }
}
