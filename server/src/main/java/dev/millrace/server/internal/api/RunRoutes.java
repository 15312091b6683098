package dev.millrace.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.auth.Auth;
import dev.millrace.server.internal.auth.Signer;
import dev.millrace.server.internal.db.RunRow;
import dev.millrace.server.internal.db.RunStore;
import dev.millrace.server.internal.db.RunStore.Change;
import dev.millrace.server.internal.triggers.RunLauncher;
import dev.millrace.server.internal.triggers.Subflows;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * {@code /v1/runs}: list, inspect, cancel, retry; and {@code /v1/resume/{runId}}, the signed URL
 * that resumes a run waiting for an approval (the signature is its only credential).
 */
public final class RunRoutes {
  private final Auth auth;
  private final RunStore runs;
  private final RunLauncher launcher;
  private final Signer signer;
  private final FlowRoutes.BaseUrl baseUrl;
  private final Subflows subflows;

  public RunRoutes(
      Auth auth,
      RunStore runs,
      RunLauncher launcher,
      Signer signer,
      FlowRoutes.BaseUrl baseUrl,
      Subflows subflows) {
    this.auth = auth;
    this.runs = runs;
    this.launcher = launcher;
    this.signer = signer;
    this.baseUrl = baseUrl;
    this.subflows = subflows;
  }

  public void register(RoutesConfig r) {
    r.get("/v1/runs", this::list);
    r.get("/v1/runs/{id}", this::get);
    r.post("/v1/runs/{id}/cancel", this::cancel);
    r.post("/v1/runs/{id}/retry", this::retry);
    r.post("/v1/resume/{id}", this::resume);
  }

  private void list(Context ctx) {
    UUID project = auth.project(ctx);
    UUID flowId = null;
    if (ctx.queryParam("flowId") != null) {
      try {
        flowId = UUID.fromString(ctx.queryParam("flowId"));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("flowId must be a flow id");
      }
    }
    RunStatus status = null;
    if (ctx.queryParam("status") != null) {
      try {
        status = RunStatus.valueOf(ctx.queryParam("status").toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(
            "status must be one of " + java.util.Arrays.toString(RunStatus.values()));
      }
    }
    int limit = 50;
    if (ctx.queryParam("limit") != null) {
      try {
        limit = Integer.parseInt(ctx.queryParam("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) {
        throw ApiError.badRequest("limit must be an integer within [1, 500]");
      }
    }
    RunStore.Page page = runs.list(project, flowId, status, limit, ctx.queryParam("cursor"));
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("runs");
    page.runs().forEach(run -> list.add(summary(run)));
    body.put("nextCursor", page.nextCursor());
    ctx.json(body);
  }

  private void get(Context ctx) {
    UUID project = auth.project(ctx);
    RunStore.RunWithSteps found =
        runs.getWithSteps(Requests.id(ctx, "id", "run"))
            .orElseThrow(() -> ApiError.notFound("run"));
    Auth.sameProject(project, found.run().projectId(), "run");
    ObjectNode body = summary(found.run());
    ArrayNode steps = body.putArray("steps");
    for (JsonNode s : found.steps()) {
      ObjectNode step = (ObjectNode) s.deepCopy();
      step.remove("logs");
      steps.add(step);
    }
    ctx.json(body);
  }

  private void cancel(Context ctx) {
    RunRow run = owned(ctx);
    Change change = runs.cancel(run.id());
    RunRow after = change.run().orElseThrow(() -> new ApiError(409, change.refusal()));
    subflows.onEnd(after.id());
    ctx.json(summary(after));
  }

  private void retry(Context ctx) {
    RunRow run = owned(ctx);
    Change change = runs.retry(run.id());
    RunRow queued = change.run().orElseThrow(() -> new ApiError(409, change.refusal()));
    launcher.tryEnqueue(queued);
    ctx.status(202).json(summary(queued));
  }

  private void resume(Context ctx) {
    UUID runId = Requests.id(ctx, "id", "run");
    String step = ctx.queryParam("step");
    String sig = ctx.queryParam("sig");
    RunRow run = runs.get(runId).orElseThrow(() -> new ApiError(403, "invalid resume signature"));
    if (step == null || !signer.verify(signed(run, step), sig)) {
      throw new ApiError(403, "invalid resume signature");
    }
    JsonNode payload = Requests.any(ctx.body());
    Change change = runs.resume(runId, step, payload);
    RunRow queued = change.run().orElseThrow(() -> new ApiError(409, change.refusal()));
    launcher.tryEnqueue(queued);
    ctx.status(202).json(Json.object().put("runId", runId.toString()).put("status", "QUEUED"));
  }

  private RunRow owned(Context ctx) {
    UUID project = auth.project(ctx);
    RunRow run =
        runs.get(Requests.id(ctx, "id", "run")).orElseThrow(() -> ApiError.notFound("run"));
    Auth.sameProject(project, run.projectId(), "run");
    return run;
  }

  /** A run as the API shows it (without steps). */
  ObjectNode summary(RunRow run) {
    ObjectNode o = Json.object();
    o.put("id", run.id().toString());
    o.put("flowId", run.flowId().toString());
    o.put("flowVersionId", run.flowVersionId().toString());
    o.put("status", run.status().name());
    o.set("trigger", run.trigger());
    o.set("output", run.output());
    o.put("error", run.error());
    o.set("response", run.response());
    o.put("attempt", run.attempt());
    o.put("cancelRequested", run.cancelRequested());
    o.put("createdAt", iso(run.createdAt()));
    o.put("startedAt", iso(run.startedAt()));
    o.put("finishedAt", iso(run.finishedAt()));
    JsonNode wp = run.waitpoint();
    if (wp != null && run.status() == RunStatus.PAUSED) {
      ObjectNode w = (ObjectNode) wp.deepCopy();
      if ("RESUME".equals(wp.path("kind").asText())) {
        w.put("resumeUrl", resumeUrl(run, wp.path("stepPath").asText()));
      }
      o.set("waitpoint", w);
    } else {
      o.putNull("waitpoint");
    }
    return o;
  }

  /** The signed URL that resumes this pause; valid only while the run waits on that step. */
  String resumeUrl(RunRow run, String stepPath) {
    return baseUrl.get()
        + "/v1/resume/"
        + run.id()
        + "?step="
        + URLEncoder.encode(stepPath, StandardCharsets.UTF_8)
        + "&sig="
        + signer.sign(signed(run, stepPath));
  }

  // the execution number makes a URL single-use: after a resume the run has moved on
  private static byte[] signed(RunRow run, String stepPath) {
    return (run.id() + "|" + stepPath + "|" + run.executions()).getBytes(StandardCharsets.UTF_8);
  }

  private static String iso(java.time.Instant t) {
    return t == null ? null : t.toString();
  }
}
