package dev.millrace.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.server.internal.Json;

/** An error answer: its status and the JSON body {@code {"error": message, ...extra}}. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final transient ObjectNode body;

  public ApiError(int status, String message) {
    this(status, message, Json.object());
  }

  public ApiError(int status, String message, ObjectNode extra) {
    super(message);
    this.status = status;
    ObjectNode b = Json.object().put("error", message);
    b.setAll(extra);
    this.body = b;
  }

  public int status() {
    return status;
  }

  public ObjectNode body() {
    return body;
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "no such " + what);
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }
}
