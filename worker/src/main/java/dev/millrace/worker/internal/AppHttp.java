package dev.millrace.worker.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client for the one server a worker talks to: JSON POSTs over a pool of
 * kept-alive connections ({@code http} or {@code https}, the host name verified). It exists because
 * the JDK client's selector thread and hand-offs cost more CPU than the app's answers to a worker
 * do. A request that fails on a reused connection before any byte of an answer arrived (the server
 * closed it while idle) is sent once more on a new one, which is safe because every worker API call
 * is idempotent. Each exchange has a whole deadline: a watchdog closes a connection whose request
 * or answer is still under way when it passes. Thread-safe; callers block (virtual threads
 * welcome).
 */
final class AppHttp implements AutoCloseable {
  private static final int MAX_HEADER_LINE = 8192;

  /** The status and body of an answer. */
  record Answer(int status, byte[] body) {}

  private final String host;
  private final int port;
  private final boolean tls;
  private final byte[] hostHeader;
  private final Duration connectTimeout;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final ScheduledThreadPoolExecutor watchdog;
  private volatile boolean closed;

  AppHttp(URI base, Duration connectTimeout) {
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("the app URL must be http:// or https://, was " + base);
    }
    this.tls = scheme.equals("https");
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    boolean defaultPort = base.getPort() <= 0;
    this.hostHeader =
        ("Host: " + host + (defaultPort ? "" : ":" + port) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    this.connectTimeout = connectTimeout;
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("millrace-app-http-watchdog").factory());
    watchdog.setRemoveOnCancelPolicy(true);
  }

  /**
   * POSTs {@code body} as JSON to {@code path} (absolute, with any query) and returns the answer.
   *
   * @throws IOException when no answer came within {@code timeout} or the connection failed
   */
  Answer post(String path, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException {
    byte[] request = request(path, headers, body);
    Connection reused = idle.pollFirst();
    if (reused != null && !reused.inStep()) {
      reused.close();
      reused = null;
    }
    if (reused != null) {
      try {
        return exchange(reused, request, timeout);
      } catch (StaleConnectionException e) {
        // closed by the server while it sat idle: nothing was answered, so send it afresh
      }
    }
    return exchange(open(), request, timeout);
  }

  private Answer exchange(Connection c, byte[] request, Duration timeout) throws IOException {
    boolean keep = false;
    long millis = Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    ScheduledFuture<?> stop;
    try {
      stop = watchdog.schedule(c::expire, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      c.close();
      throw new IOException("the app client is closed", e);
    }
    try {
      c.socket.setSoTimeout((int) millis);
      try {
        c.out.write(request);
        c.out.flush();
      } catch (java.net.SocketException e) {
        throw c.expired ? c.timeout(timeout) : new StaleConnectionException(e);
      }
      Answer answer = read(c);
      keep = c.reusable && !closed;
      return answer;
    } catch (IOException e) {
      throw c.expired ? c.timeout(timeout) : e;
    } finally {
      stop.cancel(false);
      keep &= !c.expired;
      if (keep) {
        idle.offerFirst(c);
        if (closed && idle.remove(c)) {
          c.close(); // close() ran meanwhile
        }
      } else {
        c.close();
      }
    }
  }

  private byte[] request(String path, Map<String, String> headers, byte[] body) {
    var b = new ByteArrayOutputStream(256 + body.length);
    b.writeBytes(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(hostHeader);
    headers.forEach(
        (name, value) ->
            b.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
    b.writeBytes(
        ("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(body);
    return b.toByteArray();
  }

  private Answer read(Connection c) throws IOException {
    String statusLine = line(c.in, true);
    int status = status(statusLine);
    while (status / 100 == 1 && status != 101) {
      // an interim answer (100 Continue, 103 Early Hints): its headers, then the real one
      while (!line(c.in, false).isEmpty()) {
        // skipped
      }
      statusLine = line(c.in, false);
      status = status(statusLine);
    }
    long length = -1;
    boolean chunked = false;
    c.reusable = !statusLine.startsWith("HTTP/1.0");
    for (String h = line(c.in, false); !h.isEmpty(); h = line(c.in, false)) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = number(value, 10, "Content-Length");
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> c.reusable &= !value.toLowerCase(Locale.ROOT).contains("close");
        default -> {}
      }
    }
    byte[] body;
    if (status == 204 || status == 304 || status == 101) {
      body = new byte[0];
    } else if (chunked) {
      body = chunks(c.in);
    } else if (length >= 0) {
      body = c.in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("the app closed the connection inside an answer");
      }
    } else {
      body = c.in.readAllBytes(); // delimited by the end of the connection
      c.reusable = false;
    }
    return new Answer(status, body);
  }

  private static byte[] chunks(InputStream in) throws IOException {
    var body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in, false);
      int semicolon = size.indexOf(';');
      int n =
          number((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16, "chunk size");
      if (n == 0) {
        while (!line(in, false).isEmpty()) {
          // trailers: none are used
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length != n) {
        throw new EOFException("the app closed the connection inside a chunk");
      }
      body.writeBytes(chunk);
      line(in, false);
    }
  }

  private static int status(String statusLine) throws IOException {
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("the app's answer has a malformed status line: " + statusLine);
    }
    return number(statusLine.substring(9, 12), 10, "status");
  }

  // a non-negative number that fits an int; anything else is a malformed answer
  private static int number(String text, int radix, String what) throws IOException {
    try {
      long n = Long.parseLong(text, radix);
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new IOException("the app's answer has a malformed " + what + ": " + text);
    }
  }

  // One CRLF-terminated line in ISO-8859-1. The first line of an answer that ends (or is reset)
  // before its first byte means the server closed the kept-alive connection: stale.
  private static String line(InputStream in, boolean first) throws IOException {
    var sb = new StringBuilder(64);
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (java.net.SocketException e) {
        if (first && sb.isEmpty()) {
          throw new StaleConnectionException(e);
        }
        throw e;
      }
      if (b < 0) {
        if (first && sb.isEmpty()) {
          throw new StaleConnectionException(new EOFException("no answer"));
        }
        throw new EOFException("the app closed the connection mid-answer");
      }
      if (b == '\n') {
        int end = sb.length();
        return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
      }
      if (sb.length() >= MAX_HEADER_LINE) {
        throw new IOException("an answer line of the app is longer than " + MAX_HEADER_LINE);
      }
      sb.append((char) b);
    }
  }

  private Connection open() throws IOException {
    if (closed) {
      throw new IOException("the app client is closed");
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
      if (tls) {
        SSLSocket ssl =
            (SSLSocket)
                ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(socket, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        ssl.setSoTimeout((int) connectTimeout.toMillis()); // a handshake that never ends
        ssl.startHandshake();
        socket = ssl;
      }
      return new Connection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Closes the idle connections; requests in flight close theirs when they end. */
  @Override
  public void close() {
    closed = true;
    for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
      c.close();
    }
    watchdog.shutdownNow();
  }

  private static final class Connection {
    final Socket socket;
    final BufferedInputStream in;
    final OutputStream out;
    boolean reusable;
    volatile boolean expired;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      this.out = socket.getOutputStream();
    }

    // false when the server sent bytes nobody asked for, or the socket is gone
    boolean inStep() {
      try {
        return in.available() == 0;
      } catch (IOException e) {
        return false;
      }
    }

    // the watchdog's: the exchange outlived its deadline; closing unblocks its read or write
    void expire() {
      expired = true;
      close();
    }

    IOException timeout(Duration timeout) {
      return new java.net.SocketTimeoutException("no whole answer from the app within " + timeout);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  /** A reused connection that the server had closed before this request's answer began. */
  private static final class StaleConnectionException extends IOException {
    StaleConnectionException(Exception cause) {
      super("the kept-alive connection was closed by the app", cause);
    }
  }
}
