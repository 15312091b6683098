package dev.millrace.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.run.StepRecord;
import java.time.Instant;
import java.util.List;

/**
 * The app's answer to a claim: either run (with the lease, the pinned flow version and the journal)
 * or skip (the run is terminal or cancelled).
 */
public sealed interface Claim {
  record Skip(String reason) implements Claim {}

  /**
   * @param leaseToken the lease every later write presents
   * @param runToken opens the run's store scopes
   * @param deadline when the run times out, or null for the engine's default
   * @param resume the step a resumed run is paused on and its payload, or null
   */
  record Run(
      String runId,
      String leaseToken,
      String runToken,
      String flowId,
      String projectId,
      String flowVersionId,
      int attempt,
      JsonNode trigger,
      Instant deadline,
      String resumeStepPath,
      JsonNode resumePayload,
      JsonNode flow,
      List<StepRecord> journal)
      implements Claim {}
}
