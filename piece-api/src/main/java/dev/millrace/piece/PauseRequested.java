package dev.millrace.piece;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.run.Waitpoint;
import java.time.Instant;

/**
 * Thrown (via {@link ActionContext}) by an action that wants the run to wait. The engine ends the
 * execution as PAUSED; a later execution resumes after this step.
 */
public final class PauseRequested extends RuntimeException {
  private final Waitpoint.Kind kind;
  private final Instant resumeAt;
  private final JsonNode data;

  public PauseRequested(Waitpoint.Kind kind, Instant resumeAt, JsonNode data) {
    super("pause requested", null, false, false);
    this.kind = kind;
    this.resumeAt = resumeAt;
    this.data = data;
  }

  public Waitpoint waitpoint(String stepPath) {
    return new Waitpoint(stepPath, kind, resumeAt, data);
  }
}
