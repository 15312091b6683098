package dev.millrace.engine.net;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's hook for turning a host into socket addresses. Every connection the client opens passes
 * through {@link EgressPolicy#resolve} here, IP literals included, and Jetty connects to exactly
 * the addresses that were checked: no second lookup, so no DNS rebinding.
 */
final class GuardedAddressResolver implements SocketAddressResolver {
  private final EgressPolicy policy;
  private final HostResolver resolver;

  GuardedAddressResolver(EgressPolicy policy, HostResolver resolver) {
    this.policy = policy;
    this.resolver = resolver;
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    // DNS lookups block: run them on a virtual thread so no Jetty selector thread waits on one.
    Thread.ofVirtual().name("millrace-egress-resolve").start(() -> complete(host, port, promise));
  }

  private void complete(String host, int port, Promise<List<InetSocketAddress>> promise) {
    List<InetSocketAddress> addresses;
    try {
      addresses =
          policy.resolve(host, port, resolver).stream()
              .map(address -> new InetSocketAddress(address, port))
              .toList();
    } catch (Throwable failure) {
      promise.failed(failure);
      return;
    }
    promise.succeeded(addresses);
  }
}
