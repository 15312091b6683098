package dev.millrace.pieces.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code http.request}: sends one request through {@link ActionContext#http()} (the guarded client;
 * there is no other way out) and returns {@code {status, headers, body}}, with header names lower
 * case and repeated values joined by ", ".
 *
 * <p>With {@code failOnStatus} (the default) a status of 400 or more fails the step with "HTTP 404
 * from URL: body…"; 5xx and 429 may be retried, any other 4xx is permanent. Connection failures and
 * time-outs may be retried. Credentials never appear in logs or messages: the URL shown leaves out
 * user info and an api_key query parameter, headers are not logged, and credential values echoed in
 * an error body are masked.
 */
public final class RequestAction implements Action {
  static final int MAX_REDIRECTS = 5;
  static final int ERROR_BODY_CHARS = 500;

  private static final List<Prop> PROPS =
      List.of(
          Prop.string("method", "HTTP method")
              .withDefault(JsonValues.text("GET"))
              .oneOf("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
          Prop.string("url", "Absolute http:// or https:// URL").asRequired(),
          Prop.object("headers", "Request headers; a list value sends the header once per item"),
          Prop.object("query", "Query parameters, URL-encoded and appended to the URL"),
          Prop.any("body", "Request body, any JSON value"),
          Prop.string("bodyType", "How to send the body; json when a body is given")
              .oneOf("json", "form", "raw", "none"),
          Prop.object(
              "auth",
              "{type: basic, username, password} | {type: bearer, token} |"
                  + " {type: api_key, header or query, value}"),
          Prop.integer("timeoutMs", "Give up after this many milliseconds")
              .withDefault(IntNode.valueOf(30_000)),
          Prop.string("responseType", "auto parses JSON when the content type says so")
              .withDefault(JsonValues.text("auto"))
              .oneOf("auto", "json", "text"),
          Prop.bool("failOnStatus", "Fail the step when the status is 400 or more")
              .withDefault(BooleanNode.TRUE),
          Prop.bool("followRedirects", "Follow up to " + MAX_REDIRECTS + " redirects")
              .withDefault(BooleanNode.TRUE),
          Prop.bool(
                  "idempotencyKey",
                  "Send an Idempotency-Key header that is the same on every attempt of this step")
              .withDefault(BooleanNode.FALSE));

  @Override
  public String name() {
    return "request";
  }

  @Override
  public String description() {
    return "Send an HTTP request and return {status, headers, body}";
  }

  @Override
  public List<Prop> props() {
    return PROPS;
  }

  @Override
  public boolean hasExternalEffect() {
    return true;
  }

  @Override
  public JsonNode run(ActionContext context) {
    Inputs in = context.inputs();
    String method = in.string("method", "GET").toUpperCase(Locale.ROOT);
    RequestTarget target = RequestTarget.of(in.string("url"), in.json("query"));
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    readHeaders(in.json("headers"), headers);
    var secrets = new Secrets();
    RequestAuth.apply(in.json("auth"), headers, target, secrets);
    RequestBody body = RequestBody.encode(in.json("body"), in.string("bodyType"));
    if (body.contentType() != null) {
      headers.putIfAbsent("Content-Type", List.of(body.contentType()));
    }
    if (in.bool("idempotencyKey", false)) {
      headers.put("Idempotency-Key", List.of(context.idempotencyKey()));
    }
    long timeoutMs = in.integer("timeoutMs", 30_000);
    if (timeoutMs <= 0) {
      throw PieceException.permanent("timeoutMs must be more than 0, got " + timeoutMs);
    }
    int maxRedirects = in.bool("followRedirects", true) ? MAX_REDIRECTS : 0;
    var call =
        new OutboundHttp.Call(
            method,
            target.url(),
            headers,
            body.bytes(),
            Duration.ofMillis(timeoutMs),
            maxRedirects);

    String shown = method + " " + target.display();
    long started = System.nanoTime();
    OutboundHttp.Reply reply = send(context.http(), call, shown, timeoutMs, secrets);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    context.log().info(shown + " -> " + reply.status() + " in " + tookMs + " ms");

    String contentType = reply.header("Content-Type");
    if (reply.status() >= 400 && in.bool("failOnStatus", true)) {
      throw statusFailure(reply, contentType, target.display(), secrets);
    }
    ObjectNode out = JsonValues.NODES.objectNode();
    out.put("status", reply.status());
    out.set("headers", headersOut(reply.headers()));
    out.set(
        "body",
        ResponseBody.decode(
            reply.body(), contentType, in.string("responseType", "auto"), target.display()));
    return out;
  }

  private static OutboundHttp.Reply send(
      OutboundHttp http, OutboundHttp.Call call, String shown, long timeoutMs, Secrets secrets) {
    // the cause is not kept: its message may quote the URL with an api_key in it
    try {
      return http.send(call);
    } catch (HttpTimeoutException e) {
      throw new PieceException(shown + " timed out after " + timeoutMs + " ms");
    } catch (IOException e) {
      throw new PieceException(shown + " failed: " + secrets.mask(describe(e)));
    } catch (IllegalArgumentException e) {
      throw PieceException.permanent(
          shown + " cannot be sent: " + secrets.mask(String.valueOf(e.getMessage())));
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static PieceException statusFailure(
      OutboundHttp.Reply reply, String contentType, String shownUrl, Secrets secrets) {
    byte[] bytes = reply.body() == null ? new byte[0] : reply.body();
    // some APIs echo a rejected key back in the error body
    String text = secrets.mask(new String(bytes, ResponseBody.charset(contentType)));
    String message =
        "HTTP " + reply.status() + " from " + shownUrl + ": " + Snippet.of(text, ERROR_BODY_CHARS);
    boolean retryable = reply.status() >= 500 || reply.status() == 429;
    return retryable ? new PieceException(message) : PieceException.permanent(message);
  }

  private static void readHeaders(JsonNode given, Map<String, List<String>> into) {
    if (given == null || !given.isObject()) {
      return;
    }
    for (var field : given.properties()) {
      JsonNode value = field.getValue();
      var values = new ArrayList<String>();
      if (value.isArray()) {
        value.forEach(item -> values.add(headerValue(field.getKey(), item)));
      } else if (!value.isNull()) {
        values.add(headerValue(field.getKey(), value));
      }
      if (!values.isEmpty()) {
        into.put(field.getKey(), values);
      }
    }
  }

  private static String headerValue(String name, JsonNode value) {
    if (value.isContainerNode()) {
      throw PieceException.permanent(
          "header \"" + name + "\" must be a string, number or boolean, or a list of them");
    }
    return value.asText();
  }

  private static ObjectNode headersOut(Map<String, List<String>> headers) {
    var sorted = new TreeMap<String, List<String>>();
    headers.forEach(
        (name, values) -> {
          if (!name.startsWith(":")) {
            sorted
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values);
          }
        });
    ObjectNode out = JsonValues.NODES.objectNode();
    sorted.forEach((name, values) -> out.put(name, String.join(", ", values)));
    return out;
  }
}
