package dev.millrace.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.Flow;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.InvalidFlowException;
import dev.millrace.flow.Problem;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.auth.Auth;
import dev.millrace.server.internal.db.FlowStore;
import dev.millrace.server.internal.db.FlowStore.FlowRow;
import dev.millrace.server.internal.db.RunRow;
import dev.millrace.server.internal.triggers.RunLauncher;
import dev.millrace.server.internal.triggers.Schedules;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;
import java.util.function.IntSupplier;

/** {@code /v1/flows}: publish, version, enable, list, delete, and start a run by hand. */
public final class FlowRoutes {
  private final Auth auth;
  private final FlowStore flows;
  private final FlowReader reader;
  private final Schedules schedules;
  private final RunLauncher launcher;
  private final BaseUrl baseUrl;

  /** Where callers reach the app, known once the port is bound. */
  public record BaseUrl(java.util.function.IntFunction<String> forPort, IntSupplier port) {
    public String get() {
      return forPort.apply(port.getAsInt());
    }
  }

  public FlowRoutes(
      Auth auth,
      FlowStore flows,
      FlowReader reader,
      Schedules schedules,
      RunLauncher launcher,
      BaseUrl baseUrl) {
    this.auth = auth;
    this.flows = flows;
    this.reader = reader;
    this.schedules = schedules;
    this.launcher = launcher;
    this.baseUrl = baseUrl;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/flows", this::create);
    r.get("/v1/flows", this::list);
    r.get("/v1/flows/{id}", ctx -> ctx.json(view(owned(ctx))));
    r.put("/v1/flows/{id}", this::publish);
    r.delete("/v1/flows/{id}", this::delete);
    r.post("/v1/flows/{id}/enable", ctx -> setEnabled(ctx, true));
    r.post("/v1/flows/{id}/disable", ctx -> setEnabled(ctx, false));
    r.post("/v1/flows/{id}/runs", this::manualRun);
  }

  private void create(Context ctx) {
    UUID project = auth.project(ctx);
    JsonNode definition = definition(ctx);
    Flow flow = validate(definition);
    FlowRow row = flows.create(project, flow.name(), definition);
    schedules.sync(row);
    ctx.status(201).json(summary(row));
  }

  private void publish(Context ctx) {
    FlowRow current = owned(ctx);
    JsonNode definition = definition(ctx);
    Flow flow = validate(definition);
    FlowRow row =
        flows
            .publish(current.id(), flow.name(), definition)
            .orElseThrow(() -> ApiError.notFound("flow"));
    schedules.sync(row);
    ctx.json(summary(row));
  }

  private void list(Context ctx) {
    UUID project = auth.project(ctx);
    ArrayNode out = Json.MAPPER.createArrayNode();
    flows.list(project).forEach(f -> out.add(view(f)));
    ObjectNode body = Json.object();
    body.set("flows", out);
    ctx.json(body);
  }

  private void delete(Context ctx) {
    FlowRow flow = owned(ctx);
    schedules.remove(flow.id());
    flows.delete(flow.id());
    ctx.status(204);
  }

  private void setEnabled(Context ctx, boolean enabled) {
    FlowRow flow = owned(ctx);
    flows.setEnabled(flow.id(), enabled);
    FlowRow row = flows.get(flow.id()).orElseThrow(() -> ApiError.notFound("flow"));
    schedules.sync(row);
    ctx.json(view(row));
  }

  private void manualRun(Context ctx) {
    FlowRow flow = owned(ctx);
    if (!flow.enabled()) {
      throw new ApiError(409, "flow is disabled");
    }
    JsonNode body = Requests.object(ctx);
    JsonNode payload = body.has("payload") ? body.get("payload") : Json.object();
    RunRow run = launcher.start(flow, payload);
    ctx.status(201).json(Json.object().put("runId", run.id().toString()));
  }

  /** The flow named by the path, if it is the caller's (401/403/404 otherwise). */
  private FlowRow owned(Context ctx) {
    UUID project = auth.project(ctx);
    FlowRow flow =
        flows.get(Requests.id(ctx, "id", "flow")).orElseThrow(() -> ApiError.notFound("flow"));
    Auth.sameProject(project, flow.projectId(), "flow");
    return flow;
  }

  private static JsonNode definition(Context ctx) {
    JsonNode definition = Requests.object(ctx).get("definition");
    if (definition == null || !definition.isObject()) {
      throw ApiError.badRequest("definition is required and must be a JSON object");
    }
    return definition;
  }

  private Flow validate(JsonNode definition) {
    try {
      Flow flow = reader.read(definition);
      Schedules.scheduleOf(definition);
      return flow;
    } catch (InvalidFlowException e) {
      throw invalid(e.problems().stream().map(Problem::toString).toList());
    } catch (IllegalArgumentException e) {
      throw invalid(java.util.List.of(e.getMessage()));
    }
  }

  private static ApiError invalid(java.util.List<String> problems) {
    ObjectNode extra = Json.object();
    ArrayNode list = extra.putArray("problems");
    problems.forEach(list::add);
    return new ApiError(400, "invalid flow", extra);
  }

  private ObjectNode summary(FlowRow row) {
    return Json.object()
        .put("id", row.id().toString())
        .put("versionId", row.versionId().toString())
        .put("webhookUrl", webhookUrl(row.id()));
  }

  private ObjectNode view(FlowRow row) {
    ObjectNode v = summary(row);
    v.put("name", row.name());
    v.put("enabled", row.enabled());
    v.put("version", row.versionNumber());
    v.set("definition", masked(row.definition()));
    v.put("createdAt", row.createdAt().toString());
    v.put("updatedAt", row.updatedAt().toString());
    return v;
  }

  private String webhookUrl(UUID flowId) {
    return baseUrl.get() + "/v1/webhooks/" + flowId;
  }

  /** The definition with the webhook secret hidden. */
  static JsonNode masked(JsonNode definition) {
    JsonNode copy = definition.deepCopy();
    for (JsonNode holder :
        new JsonNode[] {copy.path("trigger"), copy.path("trigger").path("settings")}) {
      if (holder instanceof ObjectNode o && o.has("secret")) {
        o.put("secret", "****");
      }
    }
    return copy;
  }
}
