package dev.millrace.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link FlowEngine}.
 *
 * @param runTimeout wall-clock limit of a run ({@code MILLRACE_FLOW_TIMEOUT_SECONDS}), counted from
 *     the start of the execution unless the execution gives its own deadline
 * @param maxStepOutputBytes the largest output a step may produce, as JSON
 * @param maxLogLines lines kept per step; later ones are counted, not kept
 * @param clock the engine's clock (tests move it to resume delays)
 */
public record EngineConfig(
    Duration runTimeout, int maxStepOutputBytes, int maxLogLines, Clock clock) {
  public static EngineConfig defaults() {
    return new EngineConfig(Duration.ofSeconds(600), 4 << 20, 200, Clock.systemUTC());
  }

  public EngineConfig withRunTimeout(Duration timeout) {
    return new EngineConfig(timeout, maxStepOutputBytes, maxLogLines, clock);
  }

  public EngineConfig withMaxStepOutputBytes(int bytes) {
    return new EngineConfig(runTimeout, bytes, maxLogLines, clock);
  }

  public EngineConfig withClock(Clock newClock) {
    return new EngineConfig(runTimeout, maxStepOutputBytes, maxLogLines, newClock);
  }
}
