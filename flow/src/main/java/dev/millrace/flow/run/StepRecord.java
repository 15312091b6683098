package dev.millrace.flow.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The journal entry of one step execution.
 *
 * @param path the step's stable path (see {@link dev.millrace.flow.StepPath})
 * @param status how it ended
 * @param output what it returned; null unless it succeeded (or paused, where it is the waitpoint)
 * @param error the message of the last failure, or null
 * @param attempts how many times it was attempted in the execution that recorded it
 * @param startedAt when the first attempt started
 * @param finishedAt when it ended
 * @param logs lines the step logged (console.log in code, piece log calls)
 * @param waitpoint for PAUSED, where it waits; else null
 */
public record StepRecord(
    String path,
    StepStatus status,
    JsonNode output,
    String error,
    int attempts,
    Instant startedAt,
    Instant finishedAt,
    List<String> logs,
    Waitpoint waitpoint) {
  public StepRecord {
    logs = logs == null ? List.of() : List.copyOf(logs);
  }

  /** The record a PAUSED step gets once its waitpoint is resolved with {@code output}. */
  public StepRecord resumed(JsonNode resumeOutput, Instant at) {
    return new StepRecord(
        path, StepStatus.SUCCEEDED, resumeOutput, null, attempts, startedAt, at, logs, null);
  }
}
