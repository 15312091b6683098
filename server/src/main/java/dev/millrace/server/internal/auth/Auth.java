package dev.millrace.server.internal.auth;

import dev.millrace.server.internal.api.ApiError;
import dev.millrace.server.internal.db.ProjectStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/** Who is calling: a project by its API key, or a worker by the worker token. */
public final class Auth {
  private final ProjectStore projects;
  private final byte[] workerToken;

  public Auth(ProjectStore projects, String workerToken) {
    this.projects = projects;
    this.workerToken = workerToken.getBytes(StandardCharsets.UTF_8);
  }

  /** The project of the request's API key; 401 without a valid one. */
  public UUID project(Context ctx) {
    String key = bearer(ctx);
    return projects.projectOf(key).orElseThrow(() -> new ApiError(401, "invalid API key"));
  }

  /** Refuses (401) a request without the worker token. */
  public void worker(Context ctx) {
    byte[] given = bearer(ctx).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, workerToken)) {
      throw new ApiError(401, "invalid worker token");
    }
  }

  /** 403 unless the resource belongs to the caller's project. */
  public static void sameProject(UUID caller, UUID owner, String what) {
    if (!caller.equals(owner)) {
      throw new ApiError(403, what + " belongs to another project");
    }
  }

  private static String bearer(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() <= 7) {
      throw new ApiError(401, "missing Authorization: Bearer <key>");
    }
    return h.substring(7).trim();
  }
}
