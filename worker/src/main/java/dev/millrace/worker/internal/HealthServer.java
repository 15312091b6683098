package dev.millrace.worker.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health/live} (200 while the process runs) and {@code GET /health/ready} (200 while
 * the worker takes jobs, 503 once it drains) on the worker's port, with the JDK's HTTP server.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts on all interfaces at {@code port} (0: a free port).
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static HealthServer start(int port, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      server.setExecutor(executor);
      server.createContext("/health/live", ex -> answer(ex, true, "live"));
      server.createContext(
          "/health/ready",
          ex -> {
            boolean ok = ready.getAsBoolean();
            answer(ex, ok, ok ? "ready" : "draining");
          });
      server.start();
      return new HealthServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on MILLRACE_WORKER_PORT=" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange ex, boolean ok, String status) throws IOException {
    try (ex) {
      byte[] body = ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(ok ? 200 : 503, body.length);
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
  }
}
