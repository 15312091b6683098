package dev.millrace.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.auth.Auth;
import dev.millrace.server.internal.auth.SecretBox;
import dev.millrace.server.internal.db.ConnectionStore;
import dev.millrace.server.internal.db.ConnectionStore.ConnectionRow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /v1/connections}: credentials for pieces. The secret (any JSON value) is sealed with
 * AES-GCM before it reaches the database and is masked in every answer; only a worker holding a run
 * token of the same project can read it back.
 */
public final class ConnectionRoutes {
  private static final String MASK = "****";
  private final Auth auth;
  private final ConnectionStore store;
  private final Optional<SecretBox> box;

  public ConnectionRoutes(Auth auth, ConnectionStore store, Optional<SecretBox> box) {
    this.auth = auth;
    this.store = store;
    this.box = box;
  }

  public void register(RoutesConfig r) {
    r.post("/v1/connections", this::create);
    r.get("/v1/connections", this::list);
    r.get("/v1/connections/{id}", ctx -> ctx.json(view(owned(ctx))));
    r.delete("/v1/connections/{id}", this::delete);
  }

  private void create(Context ctx) {
    UUID project = auth.project(ctx);
    SecretBox sealer = box();
    JsonNode body = Requests.object(ctx);
    String name = Requests.requiredText(body, "name");
    String type = Optional.ofNullable(Requests.text(body, "type")).orElse("generic");
    JsonNode secret = body.get("secret");
    if (secret == null || secret.isNull()) {
      throw ApiError.badRequest("secret is required");
    }
    UUID id = UUID.randomUUID();
    byte[] sealed = sealer.seal(Json.write(secret).getBytes(StandardCharsets.UTF_8), id.toString());
    if (!store.insert(id, project, name, type, sealed)) {
      throw new ApiError(409, "a connection named " + name + " already exists");
    }
    ctx.status(201).json(view(store.get(id).orElseThrow()));
  }

  private void list(Context ctx) {
    UUID project = auth.project(ctx);
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("connections");
    store.list(project).forEach(c -> list.add(view(c)));
    ctx.json(body);
  }

  private void delete(Context ctx) {
    store.delete(owned(ctx).id());
    ctx.status(204);
  }

  /** The decrypted connection for a worker acting for a run of {@code projectId}. */
  ObjectNode reveal(UUID projectId, String name) {
    ConnectionRow row =
        store.byName(projectId, name).orElseThrow(() -> ApiError.notFound("connection " + name));
    byte[] plain = box().open(row.sealedSecret(), row.id().toString());
    ObjectNode out = Json.object().put("name", row.name()).put("type", row.type());
    out.set("secret", Json.parse(new String(plain, StandardCharsets.UTF_8)));
    return out;
  }

  private ConnectionRow owned(Context ctx) {
    UUID project = auth.project(ctx);
    ConnectionRow row =
        store
            .get(Requests.id(ctx, "id", "connection"))
            .orElseThrow(() -> ApiError.notFound("connection"));
    Auth.sameProject(project, row.projectId(), "connection");
    return row;
  }

  private SecretBox box() {
    return box.orElseThrow(
        () -> new ApiError(503, "connections need MILLRACE_ENCRYPTION_KEY to be set"));
  }

  private static ObjectNode view(ConnectionRow row) {
    return Json.object()
        .put("id", row.id().toString())
        .put("name", row.name())
        .put("type", row.type())
        .put("secret", MASK)
        .put("createdAt", row.createdAt().toString());
  }
}
