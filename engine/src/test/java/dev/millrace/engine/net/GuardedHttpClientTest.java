package dev.millrace.engine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.piece.EgressDeniedException;
import dev.millrace.piece.OutboundHttp.Call;
import dev.millrace.piece.OutboundHttp.Reply;
import dev.millrace.testkit.HttpSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GuardedHttpClientTest {
  private HttpSink sink;
  private HttpSink other;

  @BeforeEach
  void start() {
    sink = HttpSink.start();
    other = HttpSink.start();
  }

  @AfterEach
  void stop() {
    sink.close();
    other.close();
  }

  @Test
  void getWithHeadersReachesAllowListedSink() throws IOException {
    try (var client = client(config("127.0.0.1"))) {
      Reply reply =
          client.send(call("GET", sink.url("/items?page=2"), Map.of("X-Trace", List.of("abc"))));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(text(reply)).contains("\"method\":\"GET\"", "\"query\":\"page=2\"");
      assertThat(reply.header("content-type")).isEqualTo("application/json");
      assertThat(reply.finalUrl()).isEqualTo(sink.url("/items?page=2"));
      assertThat(sink.requests().getFirst().header("x-trace")).isEqualTo("abc");
    }
  }

  @Test
  void postSendsBodyAndContentType() throws IOException {
    try (var client = client(config("127.0.0.1"))) {
      var call =
          new Call(
              "POST",
              sink.url("/orders"),
              Map.of("Content-Type", List.of("application/json")),
              "{\"qty\":3}".getBytes(StandardCharsets.UTF_8),
              null,
              0);

      Reply reply = client.send(call);

      assertThat(reply.status()).isEqualTo(200);
      HttpSink.Request seen = sink.requests().getFirst();
      assertThat(seen.method()).isEqualTo("POST");
      assertThat(seen.body()).isEqualTo("{\"qty\":3}");
      assertThat(seen.header("Content-Type")).startsWith("application/json");
    }
  }

  @Test
  void responseOverTheSizeCapFails() {
    sink.respond("/big", HttpSink.Reply.json(200, "\"" + "x".repeat(1000) + "\""));
    var config = config("127.0.0.1");
    config = new EgressConfig(config.mode(), config.allowList(), seconds(5), seconds(5), 100, 5);
    try (var client = client(config)) {
      assertThatThrownBy(() -> client.send(call("GET", sink.url("/big"), Map.of())))
          .isInstanceOf(IOException.class)
          .hasMessage("response larger than 100 bytes");
    }
  }

  @Test
  void endlessBodyWithoutLengthIsCutAtTheCap() throws IOException {
    var config = EgressConfig.defaults().withMode(NetworkMode.UNRESTRICTED);
    config = new EgressConfig(config.mode(), List.of(), seconds(5), seconds(5), 10_000, 5);
    try (var slow = new SlowEndpoint();
        var client = client(config)) {
      assertThatThrownBy(() -> client.send(call("GET", slow.url("/endless"), Map.of())))
          .isInstanceOf(IOException.class)
          .hasMessage("response larger than 10000 bytes");
    }
  }

  @Test
  void requestTimesOutWhenHeadersAreLate() throws IOException {
    try (var slow = new SlowEndpoint();
        var client = client(config("127.0.0.1"))) {
      var call = new Call("GET", slow.url("/slow-headers"), Map.of(), null, millis(300), 0);
      long started = System.nanoTime();

      assertThatThrownBy(() -> client.send(call))
          .isInstanceOf(HttpTimeoutException.class)
          .hasMessageContaining("timed out after PT0.3S");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(seconds(3));
    }
  }

  @Test
  void requestTimesOutWhenBodyStalls() throws IOException {
    try (var slow = new SlowEndpoint();
        var client = client(config("127.0.0.1"))) {
      var call = new Call("GET", slow.url("/slow-body"), Map.of(), null, millis(300), 0);

      assertThatThrownBy(() -> client.send(call)).isInstanceOf(HttpTimeoutException.class);
    }
  }

  @Test
  void unrestrictedModeReachesLoopbackWithoutAllowList() throws IOException {
    var config = EgressConfig.defaults().withMode(NetworkMode.UNRESTRICTED);
    try (var client = client(config)) {
      assertThat(client.send(call("GET", sink.url("/open"), Map.of())).status()).isEqualTo(200);
      assertThat(sink.count("/open")).isEqualTo(1);
      assertThatThrownBy(() -> client.send(call("GET", "file:///etc/passwd", Map.of())))
          .isInstanceOf(EgressDeniedException.class);
    }
  }

  @Test
  void allowListByCidrAdmitsTheRange() throws IOException {
    try (var client = client(config("127.0.0.0/8"))) {
      assertThat(client.send(call("GET", sink.url("/cidr"), Map.of())).status()).isEqualTo(200);
    }
  }

  @Test
  void allowListByHostNameAdmitsThatNameOnly() throws IOException {
    try (var client = client(config("localhost"))) {
      String byName = "http://localhost:" + sink.port() + "/named";
      assertThat(client.send(call("GET", byName, Map.of())).status()).isEqualTo(200);
      assertThatThrownBy(() -> client.send(call("GET", sink.url("/literal"), Map.of())))
          .isInstanceOf(EgressDeniedException.class);
      assertThat(sink.count("/literal")).isZero();
    }
  }

  @Test
  void allowListEntryWithPortAdmitsOnlyThatPort() throws IOException {
    try (var client = client(config("127.0.0.1:" + sink.port()))) {
      assertThat(client.send(call("GET", sink.url("/yes"), Map.of())).status()).isEqualTo(200);
      assertThatThrownBy(() -> client.send(call("GET", other.url("/no"), Map.of())))
          .isInstanceOf(EgressDeniedException.class);
      assertThat(other.requests()).isEmpty();
    }
  }

  @Test
  void nameIsResolvedOnceAndTheCheckedAddressIsUsed() throws IOException {
    var lookups = new AtomicInteger();
    HostResolver dns =
        host -> {
          if (!host.equals("app.test")) {
            throw new UnknownHostException(host);
          }
          lookups.incrementAndGet();
          return List.of(InetAddress.ofLiteral("127.0.0.1"));
        };
    try (var client = new GuardedHttpClient(config("127.0.0.0/8"), dns)) {
      Reply reply = client.send(call("GET", "http://app.test:" + sink.port() + "/x", Map.of()));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(lookups).hasValue(1);
      assertThat(sink.requests().getFirst().header("Host")).isEqualTo("app.test:" + sink.port());
    }
  }

  @Test
  void unknownHostIsAnIoFailureNotARefusal() {
    HostResolver dns =
        host -> {
          throw new UnknownHostException(host);
        };
    try (var client = new GuardedHttpClient(config("127.0.0.1"), dns)) {
      assertThatThrownBy(() -> client.send(call("GET", "http://nowhere.test/", Map.of())))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(EgressDeniedException.class)
          .hasMessageContaining("nowhere.test");
    }
  }

  @Test
  void ambiguousAllowListEntryIsRefusedAtStart() {
    assertThatThrownBy(() -> client(config("0177.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0177.0.0.1")
        .hasMessageContaining("leading zero");
  }

  @Test
  void closeIsIdempotent() {
    var client = client(config("127.0.0.1"));
    client.close();
    client.close();
  }

  private static GuardedHttpClient client(EgressConfig config) {
    return new GuardedHttpClient(config);
  }

  private static EgressConfig config(String... allowList) {
    return EgressConfig.defaults().withMode(NetworkMode.STRICT).withAllowList(List.of(allowList));
  }

  private static Call call(String method, String url, Map<String, List<String>> headers) {
    return new Call(method, url, headers, null, seconds(10), 5);
  }

  private static Call post(String url, String form) {
    return new Call(
        "POST",
        url,
        Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
        form.getBytes(StandardCharsets.UTF_8),
        seconds(10),
        5);
  }

  private static String text(Reply reply) {
    return new String(reply.body(), StandardCharsets.UTF_8);
  }

  private static Duration seconds(long n) {
    return Duration.ofSeconds(n);
  }

  private static Duration millis(long n) {
    return Duration.ofMillis(n);
  }
}
