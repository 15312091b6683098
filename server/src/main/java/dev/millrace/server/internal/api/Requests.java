package dev.millrace.server.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.server.internal.Json;
import io.javalin.http.Context;
import java.util.UUID;

/** Reading requests: JSON bodies and ids, with clear 400s and 404s. */
public final class Requests {
  private Requests() {}

  /** The body as a JSON object; an empty body is an empty object. */
  public static JsonNode object(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      return Json.object();
    }
    JsonNode node = parse(text);
    if (!node.isObject()) {
      throw ApiError.badRequest("the request body must be a JSON object");
    }
    return node;
  }

  /** The body as any JSON value; an empty body is JSON null. */
  public static JsonNode any(String text) {
    return text.isBlank() ? com.fasterxml.jackson.databind.node.NullNode.instance : parse(text);
  }

  private static JsonNode parse(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
  }

  /** A path parameter that must be a UUID; anything else names no resource (404). */
  public static UUID id(Context ctx, String param, String what) {
    try {
      return UUID.fromString(ctx.pathParam(param));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound(what);
    }
  }

  public static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest(field + " must be a string");
    }
    return v.asText();
  }

  public static String requiredText(JsonNode body, String field) {
    String v = text(body, field);
    if (v == null || v.isEmpty()) {
      throw ApiError.badRequest(field + " is required");
    }
    return v;
  }
}
