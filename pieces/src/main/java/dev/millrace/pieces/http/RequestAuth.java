package dev.millrace.pieces.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code auth} input: {@code {type: basic, username, password}}, {@code {type: bearer,
 * token}}, {@code {type: api_key, header, value}} or {@code {type: api_key, query, value}}. Secret
 * values go into headers or into the target's secret parameters, and into {@link Secrets} so that
 * messages can mask them.
 */
final class RequestAuth {
  private RequestAuth() {}

  /**
   * Adds the credentials to {@code headers} (replacing a header of the same name) or to {@code
   * target}.
   *
   * @throws PieceException (permanent) naming the missing or unknown field
   */
  static void apply(
      JsonNode auth, Map<String, List<String>> headers, RequestTarget target, Secrets secrets) {
    if (auth == null || auth.isNull() || auth.isMissingNode()) {
      return;
    }
    String type = field(auth, "type", "basic, bearer or api_key");
    switch (type) {
      case "basic" -> {
        String user = field(auth, "username", "the user name");
        String password = auth.path("password").asText("");
        String encoded =
            Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        secrets.add(password);
        secrets.add(encoded);
        headers.put("Authorization", List.of("Basic " + encoded));
      }
      case "bearer" -> {
        String token = field(auth, "token", "the token");
        secrets.add(token);
        headers.put("Authorization", List.of("Bearer " + token));
      }
      case "api_key" -> {
        String value = field(auth, "value", "the key");
        secrets.add(value);
        String header = auth.path("header").asText("");
        String query = auth.path("query").asText("");
        if (!header.isBlank() && !query.isBlank()) {
          throw PieceException.permanent(
              "auth of type api_key takes either \"header\" or \"query\", not both");
        }
        if (!header.isBlank()) {
          headers.put(header, List.of(value));
        } else if (!query.isBlank()) {
          target.addSecretParam(query, value);
        } else {
          throw PieceException.permanent(
              "auth of type api_key needs \"header\" (a header name) or \"query\" (a query"
                  + " parameter name)");
        }
      }
      default ->
          throw PieceException.permanent(
              "auth.type \"" + type + "\" is not supported; use basic, bearer or api_key");
    }
  }

  private static String field(JsonNode auth, String name, String what) {
    JsonNode value = auth.get(name);
    if (value == null || value.isNull() || value.isContainerNode() || value.asText().isEmpty()) {
      throw PieceException.permanent("auth." + name + " is required (" + what + ")");
    }
    return value.asText();
  }
}
