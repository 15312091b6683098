package dev.millrace.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port that records every request it receives, so tests can
 * count side effects (how often a step's call reached the outside world). By default it answers 200
 * with a JSON echo of the request; {@link #respond} sets other answers per path.
 */
public final class HttpSink implements AutoCloseable {
  /** One request as the sink saw it. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }
  }

  /** A canned answer, sent after {@code delayMs} (a slow upstream). */
  public record Reply(
      int status, String contentType, String body, Map<String, String> headers, long delayMs) {
    public Reply(int status, String contentType, String body, Map<String, String> headers) {
      this(status, contentType, body, headers, 0);
    }

    public static Reply json(int status, String body) {
      return new Reply(status, "application/json", body, Map.of(), 0);
    }

    public static Reply redirect(String location) {
      return new Reply(302, "text/plain", "", Map.of("Location", location), 0);
    }

    /** The same answer, sent only after {@code millis}. */
    public Reply after(long millis) {
      return new Reply(status, contentType, body, headers, millis);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  private HttpSink(HttpServer server) {
    this.server = server;
  }

  /** Starts a sink on 127.0.0.1 and a free port. */
  public static HttpSink start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      HttpSink sink = new HttpSink(server);
      server.createContext("/", sink::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return sink;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the HTTP sink", e);
    }
  }

  /** Answers requests to {@code path} with {@code reply} from now on. */
  public HttpSink respond(String path, Reply reply) {
    replies.put(path, reply);
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests reached {@code path}. */
  public int count(String path) {
    AtomicInteger n = counts.get(path);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var request =
          new Request(
              exchange.getRequestMethod(),
              uri.getPath(),
              uri.getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              body);
      requests.add(request);
      counts.computeIfAbsent(uri.getPath(), p -> new AtomicInteger()).incrementAndGet();
      Reply reply = replies.get(uri.getPath());
      if (reply == null) {
        reply = Reply.json(200, echo(request));
      }
      if (reply.delayMs() > 0) {
        try {
          Thread.sleep(reply.delayMs());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static String echo(Request request) {
    return "{\"method\":"
        + quote(request.method())
        + ",\"path\":"
        + quote(request.path())
        + ",\"query\":"
        + (request.query() == null ? "null" : quote(request.query()))
        + ",\"body\":"
        + quote(request.body())
        + "}";
  }

  private static String quote(String text) {
    var out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
