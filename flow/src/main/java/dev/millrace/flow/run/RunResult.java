package dev.millrace.flow.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one execution of a run ended with.
 *
 * @param status SUCCEEDED, FAILED, PAUSED, CANCELLED or TIMED_OUT
 * @param output the output of the last top-level step executed (or replayed)
 * @param error why the run did not succeed, naming the step; null on success
 * @param steps every step record this execution produced or replayed, in execution order
 * @param waitpoint where a PAUSED run waits; null otherwise
 * @param response the reply set by a {@code webhook.respond} step, or null
 */
public record RunResult(
    RunStatus status,
    JsonNode output,
    String error,
    List<StepRecord> steps,
    Waitpoint waitpoint,
    JsonNode response) {
  public RunResult {
    steps = List.copyOf(steps);
  }
}
