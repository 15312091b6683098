package dev.millrace.engine.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.piece.StepLog;

/**
 * One code step to run.
 *
 * @param source JavaScript: {@code export default async (inputs, ctx) => value}
 * @param inputs the step's rendered inputs
 * @param runId the run, exposed as {@code ctx.runId}
 * @param stepPath the step's path, exposed as {@code ctx.stepPath}
 * @param http the guarded client behind {@code fetch}; null means the step has no {@code fetch}
 * @param log where {@code console.log} lines go
 * @param reuseScope calls with the same scope and source may run in the same warm context, one
 *     after the other, so the module's top-level state may outlive a call (the engine gives the
 *     flow id); null means a fresh context for this call
 */
public record CodeCall(
    String source,
    JsonNode inputs,
    String runId,
    String stepPath,
    OutboundHttp http,
    StepLog log,
    String reuseScope) {
  /** A call that gets a fresh context. */
  public CodeCall(
      String source,
      JsonNode inputs,
      String runId,
      String stepPath,
      OutboundHttp http,
      StepLog log) {
    this(source, inputs, runId, stepPath, http, log, null);
  }
}
