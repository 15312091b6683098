package dev.millrace.engine.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server that answers slowly or without end, for the timeout and size-cap tests (the
 * shared HttpSink always answers at once, with a Content-Length). Handlers hold until {@link
 * #close}, so no test waits on a sleep.
 *
 * <ul>
 *   <li>{@code /slow-headers}: no answer until closed;
 *   <li>{@code /slow-body}: headers and one byte at once, then nothing until closed;
 *   <li>{@code /endless}: a chunked body of 1 KiB chunks until the client hangs up.
 * </ul>
 */
final class SlowEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch closed = new CountDownLatch(1);

  SlowEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/slow-headers", this::slowHeaders);
    server.createContext("/slow-body", this::slowBody);
    server.createContext("/endless", SlowEndpoint::endless);
    server.setExecutor(executor);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void slowHeaders(HttpExchange exchange) throws IOException {
    try (exchange) {
      holdUntilClosed();
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private void slowBody(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.sendResponseHeaders(200, 0);
      OutputStream body = exchange.getResponseBody();
      body.write('a');
      body.flush();
      holdUntilClosed();
    }
  }

  private static void endless(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.sendResponseHeaders(200, 0);
      OutputStream body = exchange.getResponseBody();
      byte[] chunk = new byte[1024];
      while (true) {
        body.write(chunk); // ends with an IOException once the client aborts
        body.flush();
      }
    }
  }

  private void holdUntilClosed() {
    try {
      closed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
