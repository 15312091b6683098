package dev.millrace.piece;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.run.Waitpoint;
import java.time.Instant;

/** What an action sees while it runs. One context per step attempt; not shared across threads. */
public interface ActionContext {
  /** The step's inputs, rendered, validated against the action's props, with defaults applied. */
  Inputs inputs();

  String runId();

  /** The step's stable path in the run, e.g. {@code each_order[3].charge}. */
  String stepPath();

  /**
   * {@code runId + ":" + stepPath}: the same on every attempt of this step in this run, so an
   * external API that honours idempotency keys performs the effect once even if the step runs
   * twice.
   */
  default String idempotencyKey() {
    return runId() + ":" + stepPath();
  }

  /** The run's key-value store. */
  KeyValueStore store();

  /** The guarded HTTP client. */
  OutboundHttp http();

  StepLog log();

  /** The current time, from the engine's clock (tests may move it). */
  Instant now();

  /** Sets the reply of a sync webhook ({@code {status, headers, body}}). */
  void respond(JsonNode response);

  /** Pauses the run until {@code until}: {@code throw ctx.pauseUntil(t)}. */
  default PauseRequested pauseUntil(Instant until, JsonNode data) {
    return new PauseRequested(Waitpoint.Kind.DELAY, until, data);
  }

  /**
   * Pauses the run until someone resumes it (an approval, a webhook); {@code deadline} may be null.
   * The resume payload becomes the step's output.
   */
  default PauseRequested waitForResume(Instant deadline, JsonNode data) {
    return new PauseRequested(Waitpoint.Kind.RESUME, deadline, data);
  }
}
