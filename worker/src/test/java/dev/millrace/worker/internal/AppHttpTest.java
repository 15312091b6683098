package dev.millrace.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** AppHttp against a real socket server whose answers the test writes byte by byte. */
class AppHttpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Answers the n-th request (counted over all connections) with answer(n); closes when told. */
  private static final class Peer implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0);
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final List<String> bodies = new CopyOnWriteArrayList<>();

    /** What to write for a request, and whether to close the connection after it. */
    record Answer(String bytes, boolean close) {}

    Peer(IntFunction<Answer> answer) throws IOException {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s, answer));
                  } catch (IOException e) {
                    return;
                  }
                }
              });
    }

    private void serve(Socket s, IntFunction<Answer> answer) {
      try (s) {
        var in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        while (true) {
          String line = in.readLine();
          if (line == null) {
            return;
          }
          int length = 0;
          for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
            if (h.toLowerCase().startsWith("content-length:")) {
              length = Integer.parseInt(h.substring(15).trim());
            }
          }
          char[] body = new char[length];
          int read = 0;
          while (read < length) {
            read += in.read(body, read, length - read);
          }
          bodies.add(new String(body));
          Answer a = answer.apply(requests.incrementAndGet());
          out.write(a.bytes().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (a.close()) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keptAliveConnectionCarriesRequestsOneAfterAnother() throws Exception {
    try (var peer =
            new Peer(
                n ->
                    new Peer.Answer(
                        "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"n\":" + n + "}", false));
        var http = new AppHttp(peer.uri(), TIMEOUT)) {
      for (int i = 1; i <= 3; i++) {
        var answer =
            http.post(
                "/x", Map.of("Authorization", "Bearer t"), json("{\"i\":" + i + "}"), TIMEOUT);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
            .isEqualTo("{\"n\":" + i + "}");
      }
      assertThat(peer.connections.get()).isEqualTo(1);
      assertThat(peer.bodies).containsExactly("{\"i\":1}", "{\"i\":2}", "{\"i\":3}");
    }
  }

  @Test
  void chunkedAndEmptyAnswersAreRead() throws Exception {
    try (var peer =
            new Peer(
                n ->
                    n == 1
                        ? new Peer.Answer(
                            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=y\r\n:1}\r\n0\r\n\r\n",
                            false)
                        : new Peer.Answer("HTTP/1.1 204 No Content\r\n\r\n", false));
        var http = new AppHttp(peer.uri(), TIMEOUT)) {
      assertThat(
              new String(
                  http.post("/a", Map.of(), json("{}"), TIMEOUT).body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"a\":1}");
      var empty = http.post("/b", Map.of(), json("{}"), TIMEOUT);
      assertThat(empty.status()).isEqualTo(204);
      assertThat(empty.body()).isEmpty();
      assertThat(peer.connections.get()).isEqualTo(1);
    }
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsReplacedWithoutAnError() throws Exception {
    // the server answers and closes without saying so, as an idle timeout would
    try (var peer =
            new Peer(n -> new Peer.Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", true));
        var http = new AppHttp(peer.uri(), TIMEOUT)) {
      for (int i = 0; i < 3; i++) {
        assertThat(http.post("/x", Map.of(), json("{}"), TIMEOUT).status()).isEqualTo(200);
      }
      assertThat(peer.requests.get()).isEqualTo(3);
      assertThat(peer.connections.get()).isEqualTo(3);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    try (var silent = new ServerSocket(0);
        var http = new AppHttp(URI.create("http://127.0.0.1:" + silent.getLocalPort()), TIMEOUT)) {
      assertThatThrownBy(() -> http.post("/x", Map.of(), json("{}"), Duration.ofMillis(200)))
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void interimAnswersAreSkippedAndTheConnectionStaysInStep() throws Exception {
    try (var peer =
            new Peer(
                n ->
                    new Peer.Answer(
                        "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                            + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"n\":"
                            + n
                            + "}",
                        false));
        var http = new AppHttp(peer.uri(), TIMEOUT)) {
      for (int i = 1; i <= 2; i++) {
        var answer = http.post("/x", Map.of(), json("{}"), TIMEOUT);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
            .isEqualTo("{\"n\":" + i + "}");
      }
      assertThat(peer.connections.get()).isEqualTo(1);
    }
  }

  @Test
  void aMalformedAnswerIsAnIoError() throws Exception {
    for (String bad :
        List.of(
            "HTTP/1.1 2x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n")) {
      try (var peer = new Peer(n -> new Peer.Answer(bad, true));
          var http = new AppHttp(peer.uri(), TIMEOUT)) {
        assertThatThrownBy(() -> http.post("/x", Map.of(), json("{}"), TIMEOUT))
            .as(bad)
            .isInstanceOf(IOException.class)
            .hasMessageContaining("malformed");
      }
    }
  }

  @Test
  void anAnswerThatTricklesPastTheDeadlineTimesOut() throws Exception {
    // every byte comes within the read timeout, but the whole answer would take seconds
    String answer = "HTTP/1.1 200 OK\r\nContent-Length: 60\r\n\r\n" + "x".repeat(60);
    try (var server = new ServerSocket(0);
        var http = new AppHttp(URI.create("http://127.0.0.1:" + server.getLocalPort()), TIMEOUT)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = server.accept()) {
                  s.getInputStream().read(new byte[4096]);
                  OutputStream out = s.getOutputStream();
                  for (byte b : answer.getBytes(StandardCharsets.ISO_8859_1)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(50);
                  }
                } catch (IOException | InterruptedException e) {
                  // the client gave up and closed: expected
                }
              });
      long started = System.nanoTime();
      assertThatThrownBy(() -> http.post("/x", Map.of(), json("{}"), Duration.ofMillis(600)))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("no whole answer");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void onlyHttpAndHttpsAppUrlsAreAccepted() {
    assertThatThrownBy(() -> new AppHttp(URI.create("ftp://app:21"), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http:// or https://");
  }
}
