package dev.millrace.engine.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.piece.OutboundHttp.Call;
import dev.millrace.piece.OutboundHttp.Reply;
import dev.millrace.testkit.HttpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects the client follows itself, within the allow list (refused hops: SsrfSuiteTest). */
class GuardedRedirectTest {
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
  void redirectsAreFollowedWithinAllowList() throws IOException {
    sink.respond("/start", HttpSink.Reply.redirect(other.url("/end")));
    try (var client = client(config("127.0.0.0/8"))) {
      Reply reply = client.send(call("GET", sink.url("/start"), Map.of()));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.finalUrl()).isEqualTo(other.url("/end"));
      assertThat(other.count("/end")).isEqualTo(1);
    }
  }

  @Test
  void relativeRedirectIsResolvedAgainstTheCurrentUrl() throws IOException {
    sink.respond("/a/start", HttpSink.Reply.redirect("../end"));
    try (var client = client(config("127.0.0.1"))) {
      Reply reply = client.send(call("GET", sink.url("/a/start"), Map.of()));

      assertThat(reply.finalUrl()).isEqualTo(sink.url("/end"));
      assertThat(sink.count("/end")).isEqualTo(1);
    }
  }

  @Test
  void postRedirectedWith302BecomesGetWithoutBody() throws IOException {
    sink.respond("/form", HttpSink.Reply.redirect(sink.url("/done")));
    try (var client = client(config("127.0.0.1"))) {
      client.send(post(sink.url("/form"), "a=1"));

      HttpSink.Request followed = sink.requests().get(1);
      assertThat(followed.method()).isEqualTo("GET");
      assertThat(followed.path()).isEqualTo("/done");
      assertThat(followed.body()).isEmpty();
      assertThat(followed.header("Content-Type")).isNull();
    }
  }

  @Test
  void redirect307RepeatsMethodAndBody() throws IOException {
    var temporary =
        new HttpSink.Reply(307, "text/plain", "", Map.of("Location", sink.url("/again")));
    sink.respond("/form", temporary);
    try (var client = client(config("127.0.0.1"))) {
      client.send(post(sink.url("/form"), "a=1"));

      HttpSink.Request followed = sink.requests().get(1);
      assertThat(followed.method()).isEqualTo("POST");
      assertThat(followed.path()).isEqualTo("/again");
      assertThat(followed.body()).isEqualTo("a=1");
    }
  }

  @Test
  void zeroMaxRedirectsReturnsTheRedirectItself() throws IOException {
    sink.respond("/start", HttpSink.Reply.redirect(sink.url("/end")));
    try (var client = client(config("127.0.0.1"))) {
      var call = new Call("GET", sink.url("/start"), Map.of(), null, null, 0);

      Reply reply = client.send(call);

      assertThat(reply.status()).isEqualTo(302);
      assertThat(reply.header("Location")).isEqualTo(sink.url("/end"));
      assertThat(sink.count("/end")).isZero();
    }
  }

  @Test
  void redirectBudgetIsTheSmallerOfCallAndConfig() throws IOException {
    sink.respond("/r1", HttpSink.Reply.redirect(sink.url("/r2")));
    sink.respond("/r2", HttpSink.Reply.redirect(sink.url("/r3")));
    var config = config("127.0.0.1");
    config = new EgressConfig(config.mode(), config.allowList(), seconds(5), seconds(5), 1000, 1);
    try (var client = client(config)) {
      Reply reply = client.send(new Call("GET", sink.url("/r1"), Map.of(), null, null, 5));

      assertThat(reply.status()).isEqualTo(302);
      assertThat(reply.finalUrl()).isEqualTo(sink.url("/r2"));
      assertThat(sink.count("/r3")).isZero();
    }
  }

  @Test
  void crossOriginRedirectDropsCredentialsButSameOriginKeepsThem() throws IOException {
    sink.respond("/in", HttpSink.Reply.redirect(sink.url("/same")));
    sink.respond("/same", HttpSink.Reply.redirect(other.url("/away")));
    try (var client = client(config("127.0.0.0/8"))) {
      client.send(call("GET", sink.url("/in"), Map.of("Authorization", List.of("Bearer t"))));

      assertThat(sink.requests().get(1).header("Authorization")).isEqualTo("Bearer t");
      assertThat(other.requests().getFirst().header("Authorization")).isNull();
    }
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

  private static Duration seconds(long n) {
    return Duration.ofSeconds(n);
  }
}
