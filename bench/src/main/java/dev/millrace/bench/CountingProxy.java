package dev.millrace.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A forwarding HTTP proxy in front of the app that counts requests by endpoint (the last segment of
 * the path: claim, steps, finish, heartbeat, store, ...). It adds latency, so only untimed runs go
 * through it.
 */
final class CountingProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  interface Task {
    void run() throws Exception;
  }

  private final String target;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
  private final HttpServer server;

  CountingProxy(String target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::forward);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests per run to one endpoint, and the app's mean time to answer one. */
  record Endpoint(double perRun, double meanMs) {
    @Override
    public String toString() {
      return String.format("%.1f × %.2f ms", perRun, meanMs);
    }
  }

  /** Runs {@code task} {@code runs} times; returns the requests per run, by endpoint. */
  Map<String, Endpoint> perRun(int runs, Task task) throws Exception {
    counts.clear();
    nanos.clear();
    for (int i = 0; i < runs; i++) {
      task.run();
    }
    var result = new TreeMap<String, Endpoint>();
    counts.forEach(
        (endpoint, n) ->
            result.put(
                endpoint,
                new Endpoint(n.sum() / (double) runs, nanos.get(endpoint).sum() / 1e6 / n.sum())));
    return result;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String endpoint = path.substring(path.lastIndexOf('/') + 1);
      byte[] body = exchange.getRequestBody().readAllBytes();
      var request =
          HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      long start = System.nanoTime();
      HttpResponse<byte[]> reply =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      nanos.computeIfAbsent(endpoint, k -> new LongAdder()).add(System.nanoTime() - start);
      counts.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
      reply
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      exchange.sendResponseHeaders(
          reply.statusCode(), reply.body().length == 0 ? -1 : reply.body().length);
      exchange.getResponseBody().write(reply.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
