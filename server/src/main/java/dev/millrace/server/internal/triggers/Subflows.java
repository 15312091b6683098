package dev.millrace.server.internal.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.db.FlowStore;
import dev.millrace.server.internal.db.FlowStore.FlowRow;
import dev.millrace.server.internal.db.RunRow;
import dev.millrace.server.internal.db.RunStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sub-flows over the plain pause/resume contract: a step that calls another flow pauses with a
 * RESUME waitpoint whose {@code data.subflow} is {@code {flowId, payload}}. The app then starts the
 * child run (same project; its trigger output is the payload), and when the child ends it resumes
 * the waiting step with {@code {runId, status, output, error}}.
 *
 * <p>Both directions are idempotent and re-run by the sweeper: the child's id is derived from the
 * parent, the step and the parent's execution, and a resume of a step that no longer waits is
 * refused. So a crash between any two commits delays a sub-flow but never loses or doubles it.
 */
public final class Subflows {
  private static final Logger LOG = LoggerFactory.getLogger(Subflows.class);

  private final FlowStore flows;
  private final RunStore runs;
  private final RunLauncher launcher;

  public Subflows(FlowStore flows, RunStore runs, RunLauncher launcher) {
    this.flows = flows;
    this.runs = runs;
    this.launcher = launcher;
  }

  /** True when this waitpoint asks for a sub-flow. */
  public static boolean asksForSubflow(JsonNode waitpoint) {
    return waitpoint != null
        && "RESUME".equals(waitpoint.path("kind").asText())
        && waitpoint.path("data").path("subflow").isObject();
  }

  /** After a pause committed (or from the sweeper): makes sure the asked-for child exists. */
  public void onPause(UUID parentRunId) {
    Optional<RunRow> found = runs.get(parentRunId);
    if (found.isEmpty()
        || found.get().status() != RunStatus.PAUSED
        || !asksForSubflow(found.get().waitpoint())) {
      return;
    }
    RunRow parent = found.get();
    String stepPath = parent.waitpoint().path("stepPath").asText();
    JsonNode ask = parent.waitpoint().path("data").path("subflow");
    UUID childId =
        UUID.nameUUIDFromBytes(
            ("subflow:" + parent.id() + ":" + stepPath + ":" + parent.executions())
                .getBytes(StandardCharsets.UTF_8));
    Optional<RunRow> existing = runs.get(childId);
    if (existing.isPresent()) {
      onEnd(existing.get());
      return;
    }
    Optional<FlowRow> flow = flow(parent, ask.path("flowId").asText());
    if (flow.isEmpty()) {
      resume(
          parent.id(),
          stepPath,
          result(
              null,
              "FAILED",
              null,
              "no enabled flow " + ask.path("flowId").asText() + " in this project"));
      return;
    }
    JsonNode payload = ask.has("payload") ? ask.get("payload") : Json.object();
    launcher.startChild(childId, flow.get(), payload, parent.id(), stepPath);
  }

  /** After a run ended: resumes the step waiting for it, if any. */
  public void onEnd(UUID runId) {
    runs.get(runId).ifPresent(this::onEnd);
  }

  private void onEnd(RunRow child) {
    if (child.parentRunId() == null || !child.status().terminal()) {
      return;
    }
    resume(
        child.parentRunId(),
        child.parentStepPath(),
        result(child.id(), child.status().name(), child.output(), child.error()));
  }

  private void resume(UUID parentId, String stepPath, JsonNode payload) {
    RunStore.Change change = runs.resume(parentId, stepPath, payload);
    change.run().ifPresent(launcher::tryEnqueue);
    if (change.run().isPresent()) {
      LOG.debug("resumed {} at {} with its sub-flow's end", parentId, stepPath);
    }
  }

  private Optional<FlowRow> flow(RunRow parent, String flowId) {
    try {
      return flows
          .get(UUID.fromString(flowId))
          .filter(f -> f.enabled() && f.projectId().equals(parent.projectId()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ObjectNode result(UUID runId, String status, JsonNode output, String error) {
    ObjectNode r = Json.object();
    r.put("runId", runId == null ? null : runId.toString());
    r.put("status", status);
    r.set("output", output);
    r.put("error", error);
    return r;
  }
}
