package dev.millrace.engine.code;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.EgressDeniedException;
import dev.millrace.piece.OutboundHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The one host function a code step can reach: the Java half of {@code fetch}. It takes only
 * strings and numbers and answers with a JSON string, so no host object ever enters the guest.
 * Failures come back as {@code {"error": ...}} (and {@code "denied": true} for the egress guard)
 * for the driver to turn into a rejected promise.
 */
final class FetchBridge implements ProxyExecutable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  // Let the watchdog fire before the request times out, so a step stuck on a slow server fails
  // with the wall-clock message rather than a time-out its code might catch and retry.
  private static final Duration PAST_DEADLINE = Duration.ofMillis(500);

  private final OutboundHttp http;
  private final long deadlineNanos;

  /**
   * @param deadlineNanos {@link System#nanoTime()} at which the step's wall-clock limit ends; no
   *     request waits much beyond it, so a cancelled step never hangs on a blocked socket
   */
  FetchBridge(OutboundHttp http, long deadlineNanos) {
    this.http = http;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Arguments: method, url, headers as JSON {@code [[name, value], ...]}, body or null, redirects.
   */
  @Override
  public Object execute(Value... args) {
    String url = args[1].asString();
    try {
      var call =
          new OutboundHttp.Call(
              args[0].asString().toUpperCase(java.util.Locale.ROOT),
              url,
              headers(args[2].asString()),
              args[3].isNull() ? null : args[3].asString().getBytes(StandardCharsets.UTF_8),
              remaining(),
              args[4].asInt());
      return reply(http.send(call));
    } catch (EgressDeniedException e) {
      return error("fetch to " + url + " was refused: " + e.getMessage(), true);
    } catch (IOException | RuntimeException e) {
      return error("fetch to " + url + " failed: " + e.getMessage(), false);
    }
  }

  private Duration remaining() {
    Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime()).plus(PAST_DEADLINE);
    return left.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : left;
  }

  private static Map<String, List<String>> headers(String json) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (var pair : JSON.readTree(json)) {
      headers
          .computeIfAbsent(pair.get(0).asText(), k -> new ArrayList<>())
          .add(pair.get(1).asText());
    }
    return headers;
  }

  private static String reply(OutboundHttp.Reply reply) {
    ObjectNode out = JSON.createObjectNode();
    out.put("status", reply.status());
    out.put("url", reply.finalUrl());
    ArrayNode headers = out.putArray("headers");
    reply
        .headers()
        .forEach((name, values) -> values.forEach(v -> headers.addArray().add(name).add(v)));
    out.put("body", reply.body() == null ? "" : new String(reply.body(), StandardCharsets.UTF_8));
    return out.toString();
  }

  static String error(String message, boolean denied) {
    ObjectNode out = JSON.createObjectNode();
    out.put("error", message);
    if (denied) {
      out.put("denied", true);
    }
    return out.toString();
  }
}
