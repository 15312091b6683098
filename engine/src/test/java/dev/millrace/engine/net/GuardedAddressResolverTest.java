package dev.millrace.engine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.piece.EgressDeniedException;
import dev.millrace.testkit.HttpSink;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The second line of defence: the Jetty resolver hook refuses on its own, even when a request skips
 * the URL check in {@link GuardedHttpClient#send}.
 */
class GuardedAddressResolverTest {
  private static final HostResolver DNS =
      host -> {
        if (host.equals("rebind.test")) {
          return List.of(InetAddress.ofLiteral("127.0.0.1"));
        }
        return HostResolver.SYSTEM.resolve(host);
      };

  private final GuardedAddressResolver strict =
      new GuardedAddressResolver(
          new EgressPolicy(EgressConfig.defaults().withMode(NetworkMode.STRICT)), DNS);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "[::1]",
        "::ffff:127.0.0.1",
        "0177.0.0.1",
        "localhost",
        "rebind.test"
      })
  void hookRefusesInternalHosts(String host) {
    CompletableFuture<List<InetSocketAddress>> result = resolve(strict, host, 8080);

    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(EgressDeniedException.class);
  }

  @Test
  void hookHandsJettyExactlyTheCheckedAddresses() throws Exception {
    var allowed =
        new GuardedAddressResolver(
            new EgressPolicy(EgressConfig.defaults().withAllowList(List.of("127.0.0.0/8"))), DNS);

    assertThat(resolve(allowed, "rebind.test", 8080).get(5, TimeUnit.SECONDS))
        .containsExactly(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 8080));
  }

  @Test
  void jettyPassesLiteralHostsThroughTheHook() throws Exception {
    // a plain Jetty client with only the hook installed: no URL check runs before it
    try (var sink = HttpSink.start()) {
      var jetty = new HttpClient();
      jetty.setSocketAddressResolver(strict);
      jetty.start();
      try {
        for (String url :
            List.of(sink.url("/literal"), "http://[::ffff:127.0.0.1]:" + sink.port() + "/mapped")) {
          assertThatThrownBy(() -> jetty.newRequest(url).timeout(5, TimeUnit.SECONDS).send())
              .isInstanceOf(ExecutionException.class)
              .rootCause()
              .isInstanceOf(EgressDeniedException.class);
        }
        assertThat(sink.requests()).isEmpty();
      } finally {
        jetty.stop();
      }
    }
  }

  private static CompletableFuture<List<InetSocketAddress>> resolve(
      GuardedAddressResolver hook, String host, int port) {
    var future = new CompletableFuture<List<InetSocketAddress>>();
    hook.resolve(host, port, Map.of(), Promise.from(future));
    return future;
  }
}
