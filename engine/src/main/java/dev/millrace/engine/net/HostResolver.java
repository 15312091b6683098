package dev.millrace.engine.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses for one {@link GuardedHttpClient}. Injected per client rather
 * than installed JVM-wide, so the guard sees every answer and tests can map fake names without
 * touching the resolver that Redis and Postgres use.
 *
 * <p>Implementations must be thread-safe; they are called from virtual threads and may block.
 */
@FunctionalInterface
public interface HostResolver {
  /** The JDK's resolver (hosts file, then DNS). */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * Resolves {@code host}, a host name (never an IP literal: the guard parses those itself).
   *
   * @return at least one address
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
