package dev.millrace.server.internal.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.api.ApiError;
import dev.millrace.server.internal.api.Requests;
import dev.millrace.server.internal.auth.Signer;
import dev.millrace.server.internal.db.FlowStore;
import dev.millrace.server.internal.db.FlowStore.FlowRow;
import dev.millrace.server.internal.db.RunRow;
import dev.millrace.server.internal.db.RunStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /v1/webhooks/{flowId}}: the unguessable flow id is the address; a flow whose trigger has a
 * {@code secret} also needs {@code X-Millrace-Signature: sha256=<hex HMAC of the body>}.
 *
 * <p>The sync variant waits by polling the run's row with a short backoff, not by listening to
 * queue events: the row is where the end of a run and its response are committed (by whichever
 * replica the worker reported to), a job also completes when its run merely pauses, and polling
 * needs no connection per waiting request.
 */
public final class WebhookRoutes {
  static final String SIGNATURE_HEADER = "X-Millrace-Signature";

  private final FlowStore flows;
  private final RunStore runs;
  private final RunLauncher launcher;
  private final Duration timeout;

  public WebhookRoutes(FlowStore flows, RunStore runs, RunLauncher launcher, Duration timeout) {
    this.flows = flows;
    this.runs = runs;
    this.launcher = launcher;
    this.timeout = timeout;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/webhooks/{id}", ctx -> accept(ctx, false));
    r.post("/v1/webhooks/{id}/sync", ctx -> accept(ctx, true));
  }

  private void accept(Context ctx, boolean sync) throws InterruptedException {
    FlowRow flow =
        flows.get(Requests.id(ctx, "id", "flow")).orElseThrow(() -> ApiError.notFound("flow"));
    byte[] raw = ctx.bodyAsBytes();
    checkSignature(flow, raw, ctx.header(SIGNATURE_HEADER));
    if (!flow.enabled()) {
      throw new ApiError(409, "flow is disabled");
    }
    RunRow run = launcher.start(flow, triggerOutput(ctx, raw));
    if (!sync) {
      ctx.status(202).json(Json.object().put("runId", run.id().toString()));
      return;
    }
    RunRow done = awaitEnd(run.id());
    if (done == null) {
      throw new ApiError(
          504,
          "the run did not finish within " + timeout.toSeconds() + " s",
          Json.object().put("runId", run.id().toString()));
    }
    reply(ctx, done);
  }

  private static void checkSignature(FlowRow flow, byte[] raw, String header) {
    JsonNode secret = flow.definition().path("trigger").path("secret");
    if (!secret.isTextual() || secret.asText().isEmpty()) {
      return;
    }
    String given = header == null ? null : header.replaceFirst("^sha256=", "");
    if (!new Signer(secret.asText()).verify(raw, given)) {
      throw new ApiError(401, "missing or invalid " + SIGNATURE_HEADER);
    }
  }

  private static JsonNode triggerOutput(Context ctx, byte[] raw) {
    ObjectNode out = Json.object().put("method", ctx.method().name());
    ObjectNode headers = out.putObject("headers");
    ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    headers.remove("authorization");
    ObjectNode query = out.putObject("query");
    for (Map.Entry<String, java.util.List<String>> e : ctx.queryParamMap().entrySet()) {
      query.put(e.getKey(), e.getValue().isEmpty() ? "" : e.getValue().getFirst());
    }
    String text = new String(raw, StandardCharsets.UTF_8);
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (type.contains("json") || (type.isEmpty() && looksLikeJson(text))) {
      out.set("body", Requests.any(text));
    } else {
      out.put("body", text);
    }
    return out;
  }

  private static boolean looksLikeJson(String text) {
    String t = text.strip();
    return t.startsWith("{") || t.startsWith("[");
  }

  /** The run once it ended, or null at the timeout. Backs off from 5 ms to 200 ms. */
  private RunRow awaitEnd(UUID runId) throws InterruptedException {
    Instant until = Instant.now().plus(timeout);
    long pause = 5;
    while (true) {
      RunRow run = runs.get(runId).orElseThrow(() -> ApiError.notFound("run"));
      if (run.status().terminal()) {
        return run;
      }
      long left = Duration.between(Instant.now(), until).toMillis();
      if (left <= 0) {
        return null;
      }
      Thread.sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, 200);
    }
  }

  private static void reply(Context ctx, RunRow run) {
    JsonNode response = run.response();
    if (response != null && response.isObject()) {
      int status = response.path("status").asInt(200);
      ctx.status(status >= 200 && status <= 599 ? status : 200);
      JsonNode headers = response.path("headers");
      boolean typed = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = headers.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> h = it.next();
        ctx.header(h.getKey(), h.getValue().asText());
        typed |= h.getKey().equalsIgnoreCase("Content-Type");
      }
      JsonNode body = response.get("body");
      if (body instanceof TextNode t && typed) {
        ctx.result(t.asText());
      } else if (body == null || body.isNull()) {
        ctx.result("");
      } else {
        ctx.json(body);
      }
      return;
    }
    if (run.status() == RunStatus.SUCCEEDED) {
      ctx.status(200).json(run.output() == null ? Json.object() : run.output());
      return;
    }
    ctx.status(500)
        .json(
            Json.object()
                .put("error", "run " + run.status() + ": " + run.error())
                .put("runId", run.id().toString()));
  }
}
