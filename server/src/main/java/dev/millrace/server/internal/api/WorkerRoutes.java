package dev.millrace.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.auth.Auth;
import dev.millrace.server.internal.db.KvStore;
import dev.millrace.server.internal.db.LeaseStore;
import dev.millrace.server.internal.db.LeaseStore.Granted;
import dev.millrace.server.internal.db.LeaseStore.Skip;
import dev.millrace.server.internal.db.RunRow;
import dev.millrace.server.internal.triggers.RunLauncher;
import dev.millrace.server.internal.triggers.Subflows;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;

/** {@code /v1/worker}: the app side of docs/worker-api.md. */
public final class WorkerRoutes {
  static final String RUN_TOKEN_HEADER = "X-Millrace-Run-Token";
  private static final int MAX_IDEMPOTENCY_KEY = 1000;

  private final Auth auth;
  private final LeaseStore leases;
  private final KvStore kv;
  private final RunLauncher launcher;
  private final ConnectionRoutes connections;
  private final Subflows subflows;

  public WorkerRoutes(
      Auth auth,
      LeaseStore leases,
      KvStore kv,
      RunLauncher launcher,
      ConnectionRoutes connections,
      Subflows subflows) {
    this.auth = auth;
    this.leases = leases;
    this.kv = kv;
    this.launcher = launcher;
    this.connections = connections;
    this.subflows = subflows;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/worker/runs/{id}/claim", this::claim);
    r.post("/v1/worker/runs/{id}/steps", this::steps);
    r.post("/v1/worker/runs/{id}/finish", this::finish);
    r.post("/v1/worker/runs/{id}/pause", this::pause);
    r.post("/v1/worker/runs/{id}/heartbeat", this::heartbeat);
    r.post("/v1/worker/store", this::store);
    r.post("/v1/worker/connections", this::connection);
  }

  private void claim(Context ctx) {
    auth.worker(ctx);
    UUID runId = Requests.id(ctx, "id", "run");
    JsonNode body = Requests.object(ctx);
    String lockToken = Requests.requiredText(body, "lockToken");
    String jobId = Requests.text(body, "jobId");
    switch (leases.claim(runId, lockToken, jobId)) {
      case Skip skip -> {
        subflows.onEnd(runId); // a cancelled sub-flow still answers its caller
        ctx.json(Json.object().put("action", "skip").put("reason", skip.reason()));
      }
      case Granted g -> ctx.json(granted(g));
    }
  }

  private static ObjectNode granted(Granted g) {
    RunRow r = g.run();
    ObjectNode out = Json.object().put("action", "run");
    out.put("leaseToken", r.leaseToken());
    out.put("runToken", r.runToken());
    ObjectNode run = out.putObject("run");
    run.put("id", r.id().toString());
    run.put("flowId", r.flowId().toString());
    run.put("projectId", r.projectId().toString());
    run.put("flowVersionId", r.flowVersionId().toString());
    run.put("attempt", r.attempt());
    run.set("trigger", r.trigger());
    run.put("deadline", r.deadline() == null ? null : r.deadline().toString());
    run.set("resume", r.resume());
    out.set("flow", g.flow());
    ArrayNode journal = out.putArray("journal");
    g.journal().forEach(journal::add);
    return out;
  }

  private void steps(Context ctx) {
    auth.worker(ctx);
    UUID runId = Requests.id(ctx, "id", "run");
    JsonNode body = Requests.object(ctx);
    boolean cancel =
        leases.writeSteps(runId, Requests.requiredText(body, "leaseToken"), body.get("records"));
    ctx.json(Json.object().put("cancel", cancel));
  }

  private void finish(Context ctx) {
    auth.worker(ctx);
    UUID runId = Requests.id(ctx, "id", "run");
    JsonNode body = Requests.object(ctx);
    leases.finish(
        runId,
        Requests.requiredText(body, "leaseToken"),
        Requests.requiredText(body, "status"),
        body.get("output"),
        Requests.text(body, "error"),
        body.get("response"),
        body.get("records"));
    subflows.onEnd(runId);
    ctx.status(204);
  }

  private void pause(Context ctx) {
    auth.worker(ctx);
    UUID runId = Requests.id(ctx, "id", "run");
    JsonNode body = Requests.object(ctx);
    leases
        .pause(
            runId,
            Requests.requiredText(body, "leaseToken"),
            body.get("waitpoint"),
            body.get("records"))
        .ifPresent(d -> launcher.enqueueDelayed(runId, d.jobId(), d.at()));
    if (Subflows.asksForSubflow(body.get("waitpoint"))) {
      subflows.onPause(runId);
    }
    ctx.status(204);
  }

  private void heartbeat(Context ctx) {
    auth.worker(ctx);
    UUID runId = Requests.id(ctx, "id", "run");
    JsonNode body = Requests.object(ctx);
    boolean cancel = leases.heartbeat(runId, Requests.requiredText(body, "leaseToken"));
    ctx.json(Json.object().put("cancel", cancel));
  }

  private void store(Context ctx) {
    auth.worker(ctx);
    String runToken = runTokenOf(ctx);
    JsonNode body = Requests.object(ctx);
    var request =
        new StoreRequest(
            Requests.text(body, "scope"),
            Requests.requiredText(body, "op"),
            Requests.requiredText(body, "key"),
            body.get("value"),
            body.get("delta"));
    String idempotencyKey = Requests.text(body, "idempotencyKey");
    JsonNode value;
    if (idempotencyKey == null || request.op().equals("get")) {
      RunRow run = runOf(runToken);
      value = kv.apply(request.on(run.id(), run.flowId(), run.projectId()));
    } else {
      if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
        throw ApiError.badRequest(
            "idempotencyKey must be a non-blank string of at most "
                + MAX_IDEMPOTENCY_KEY
                + " characters");
      }
      value =
          leases.keyedStoreWrite(
              runToken,
              Requests.requiredText(body, "leaseToken"),
              body.get("records"),
              idempotencyKey,
              run -> request.on(run.id(), run.flowId(), run.projectId()));
    }
    ObjectNode out = Json.object();
    out.set("value", value);
    ctx.json(out);
  }

  /** A store request's operation, before it is known whose run it is for. */
  private record StoreRequest(String scope, String op, String key, JsonNode value, JsonNode delta) {
    KvStore.Op on(UUID runId, UUID flowId, UUID projectId) {
      String scopeKey =
          switch (scope == null ? "RUN" : scope) {
            case "RUN" -> "run:" + runId;
            case "FLOW" -> "flow:" + flowId;
            case "PROJECT" -> "project:" + projectId;
            default -> throw ApiError.badRequest("scope must be RUN, FLOW or PROJECT");
          };
      return new KvStore.Op(scopeKey, op, key, value, delta);
    }
  }

  private void connection(Context ctx) {
    auth.worker(ctx);
    RunRow run = runOf(runTokenOf(ctx));
    JsonNode body = Requests.object(ctx);
    ctx.json(connections.reveal(run.projectId(), Requests.requiredText(body, "name")));
  }

  private static String runTokenOf(Context ctx) {
    String token = ctx.header(RUN_TOKEN_HEADER);
    if (token == null || token.isBlank()) {
      throw new ApiError(401, "missing " + RUN_TOKEN_HEADER);
    }
    return token;
  }

  private RunRow runOf(String runToken) {
    return leases.runOfToken(runToken).orElseThrow(() -> new ApiError(401, "invalid run token"));
  }
}
