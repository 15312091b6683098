package dev.millrace.pieces.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.JsonValues;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A request body encoded for its {@code bodyType}: {@code json} (the value as JSON), {@code form}
 * (an object as {@code application/x-www-form-urlencoded}), {@code raw} (text as is, other values
 * as JSON text) or {@code none}.
 *
 * @param bytes null when there is no body
 * @param contentType the type to send unless the flow set its own Content-Type; null for none
 */
record RequestBody(byte[] bytes, String contentType) {
  static final RequestBody NONE = new RequestBody(null, null);

  /**
   * Encodes {@code body}; a null or absent body is no body whatever the type.
   *
   * @param bodyType json, form, raw, none, or null for json
   * @throws PieceException (permanent) when a form body is not an object
   */
  static RequestBody encode(JsonNode body, String bodyType) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      return NONE;
    }
    return switch (bodyType == null ? "json" : bodyType) {
      case "none" -> NONE;
      case "form" -> new RequestBody(form(body), "application/x-www-form-urlencoded");
      case "raw" ->
          new RequestBody(
              (body.isTextual() ? body.asText() : body.toString()).getBytes(StandardCharsets.UTF_8),
              "text/plain; charset=utf-8");
      case "json" -> new RequestBody(json(body), "application/json");
      default ->
          throw PieceException.permanent(
              "bodyType \"" + bodyType + "\" is not supported; use json, form, raw or none");
    };
  }

  private static byte[] json(JsonNode body) {
    try {
      return JsonValues.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static byte[] form(JsonNode body) {
    if (!body.isObject()) {
      throw PieceException.permanent(
          "a form body must be an object of fields, got " + body.getNodeType());
    }
    var out = new StringBuilder();
    for (var field : body.properties()) {
      JsonNode value = field.getValue();
      if (value.isArray()) {
        for (JsonNode item : value) {
          appendField(out, field.getKey(), item);
        }
      } else if (!value.isNull()) {
        appendField(out, field.getKey(), value);
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendField(StringBuilder out, String name, JsonNode value) {
    if (!out.isEmpty()) {
      out.append('&');
    }
    String text = value.isValueNode() ? value.asText() : value.toString();
    out.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
  }
}
