package dev.millrace.server.internal.api;

import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.db.Database;
import io.javalin.config.RoutesConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Liveness, readiness (PostgreSQL and Redis answer) and the OpenAPI document. No auth. */
public final class HealthRoutes {
  private final Database db;
  private final StatefulRedisConnection<String, String> redis;
  private final byte[] openApi;

  public HealthRoutes(Database db, StatefulRedisConnection<String, String> redis) {
    this.db = db;
    this.redis = redis;
    try (InputStream in = HealthRoutes.class.getResourceAsStream("/openapi.json")) {
      this.openApi = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(RoutesConfig r) {
    r.get("/health/live", ctx -> ctx.json(Json.object().put("status", "UP")));
    r.get(
        "/health/ready",
        ctx -> {
          boolean database = db.reachable();
          boolean queue = redisReachable();
          ctx.status(database && queue ? 200 : 503)
              .json(
                  Json.object()
                      .put("status", database && queue ? "UP" : "DOWN")
                      .put("database", database ? "UP" : "DOWN")
                      .put("redis", queue ? "UP" : "DOWN"));
        });
    r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  private boolean redisReachable() {
    try {
      return "PONG".equals(redis.async().ping().get(1, java.util.concurrent.TimeUnit.SECONDS));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }
}
