package dev.millrace.engine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.piece.EgressDeniedException;
import dev.millrace.piece.OutboundHttp.Call;
import dev.millrace.testkit.HttpSink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile URLs that STRICT mode must refuse before connecting anywhere. {@code {P}} is the port of
 * a live loopback sink that is NOT allow-listed: if the guard leaked, the sink would record it.
 * Every other target is unroutable from here; the guard must refuse it without trying.
 */
class SsrfSuiteTest {
  /** Refusals come from the guard, so they are instant; a connect attempt would take longer. */
  private static final Duration FAST = Duration.ofSeconds(2);

  /** Fake DNS: names that point inside. Never asks the real DNS, except for localhost. */
  private static final HostResolver FAKE_DNS =
      host ->
          switch (host) {
            case "rebind.test" -> List.of(ip("127.0.0.1"));
            case "mixed.test" -> List.of(ip("8.8.8.8"), ip("127.0.0.1"));
            case "metadata.test" -> List.of(ip("169.254.169.254"));
            case "v6.test" -> List.of(ip("fd00:ec2::254"));
            case "localhost" -> HostResolver.SYSTEM.resolve(host);
            default -> throw new UnknownHostException(host);
          };

  private HttpSink target;
  private HttpSink allowed;
  private GuardedHttpClient strict;
  private GuardedHttpClient redirecting;

  @BeforeEach
  void start() {
    target = HttpSink.start();
    allowed = HttpSink.start();
    // a long connect timeout: if the guard let a private address through, the test would hang
    var config = EgressConfig.defaults().withMode(NetworkMode.STRICT);
    config =
        new EgressConfig(
            config.mode(),
            config.allowList(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            config.maxResponseBytes(),
            config.maxRedirects());
    strict = new GuardedHttpClient(config, FAKE_DNS);
    redirecting =
        new GuardedHttpClient(
            config.withAllowList(List.of("127.0.0.1:" + allowed.port())), FAKE_DNS);
  }

  @AfterEach
  void stop() {
    strict.close();
    redirecting.close();
    target.close();
    allowed.close();
  }

  static Stream<String> hostileUrls() {
    return Stream.of(
        "http://127.0.0.1:{P}/",
        "https://127.0.0.1:{P}/",
        "http://127.0.0.1.:{P}/",
        "http://localhost:{P}/",
        "http://LOCALHOST.:{P}/",
        "http://[::1]:{P}/",
        "http://[::ffff:127.0.0.1]:{P}/",
        "http://[::ffff:7f00:1]:{P}/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]:{P}/",
        "http://[::127.0.0.1]:{P}/",
        "http://[::ffff:0177.0.0.1]:{P}/",
        "http://0.0.0.0:{P}/",
        "http://0:{P}/",
        "http://127.1:{P}/",
        "http://2130706433:{P}/",
        "http://0x7f000001:{P}/",
        "http://0x7f.0.0.1:{P}/",
        "http://0177.0.0.1:{P}/",
        "http://017700000001:{P}/",
        "http://127.000.000.001:{P}/",
        "http://%31%32%37.0.0.1:{P}/",
        "http://user@127.0.0.1:{P}/",
        "http://public.example@127.0.0.1:{P}/",
        "http://rebind.test:{P}/",
        "http://mixed.test:{P}/",
        "gopher://127.0.0.1:{P}/_GET%20/",
        "ftp://127.0.0.1:{P}/",
        "file:///etc/passwd",
        "jar:http://127.0.0.1:{P}/x.jar!/",
        "//127.0.0.1:{P}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.test/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://v6.test/",
        "http://100.100.100.200/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://[fe80::1]/",
        "http://[fe80::1%25eth0]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[::127.0.0.1]/",
        "http://198.18.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://192.0.0.170/",
        "http://[fc00::1]/",
        "http://[::]/");
  }

  @ParameterizedTest
  @MethodSource("hostileUrls")
  void strictModeRefusesHostileUrlBeforeConnecting(String template) {
    String url = template.replace("{P}", String.valueOf(target.port()));
    long started = System.nanoTime();

    assertThatThrownBy(() -> strict.send(get(url)))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageStartingWith("egress denied: ");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST);
    assertThat(target.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.test/latest/meta-data/",
        "http://127.0.0.1:{P}/",
        "http://localhost:{P}/",
        "http://[::ffff:127.0.0.1]:{P}/",
        "http://0177.0.0.1:{P}/",
        "//127.0.0.1:{P}/",
        "file:///etc/passwd"
      })
  void redirectFromAllowListedSinkToInternalTargetIsRefused(String template) {
    String location = template.replace("{P}", String.valueOf(target.port()));
    allowed.respond("/hop", HttpSink.Reply.redirect(location));

    assertThatThrownBy(() -> redirecting.send(get(allowed.url("/hop"))))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageContaining("redirected from " + allowed.url("/hop"));

    assertThat(allowed.count("/hop")).isEqualTo(1);
    assertThat(target.requests()).isEmpty();
  }

  static Stream<Arguments> explainedRefusals() {
    return Stream.of(
        Arguments.of(
            "http://169.254.169.254/",
            "egress denied: 169.254.169.254 is link-local (cloud metadata)"),
        Arguments.of(
            "http://metadata.test/",
            "egress denied: metadata.test resolves to 169.254.169.254, which is link-local"),
        Arguments.of("http://0177.0.0.1/", "leading zero"),
        Arguments.of("http://127.1/", "short or integer form"),
        Arguments.of("http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe is link-local"),
        Arguments.of("http://10.0.0.1/", "egress denied: 10.0.0.1 is private (10.0.0.0/8)"),
        Arguments.of("http://[fd00:ec2::254]/", "fd00:ec2::254 is unique-local"),
        Arguments.of("http://100.100.100.200/", "100.100.100.200 is shared CGNAT space"),
        Arguments.of("http://[::127.0.0.1]/", "IPv4-compatible 127.0.0.1, which is loopback"),
        Arguments.of("http://mixed.test/", "mixed.test resolves to 127.0.0.1, which is loopback"),
        Arguments.of("http://user@example.com/", "carries user info"),
        Arguments.of("file:///etc/passwd", "only http and https are allowed"));
  }

  @ParameterizedTest
  @MethodSource("explainedRefusals")
  void refusalSaysWhy(String url, String expected) {
    assertThatThrownBy(() -> strict.send(get(url)))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageContaining(expected);
  }

  private static Call get(String url) {
    return new Call("GET", url, Map.of(), null, Duration.ofSeconds(30), 5);
  }

  private static InetAddress ip(String literal) {
    return InetAddress.ofLiteral(literal);
  }
}
