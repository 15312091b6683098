package dev.millrace.engine.net;

import dev.millrace.piece.EgressDeniedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which hosts and addresses outbound requests may reach. In STRICT mode it refuses every
 * address in {@link ForbiddenRanges} (loopback, private, link-local and cloud metadata, CGNAT,
 * NAT64, 6to4, documentation, multicast, reserved…) unless the allow list names it, and refuses
 * ambiguous IP spellings outright. In UNRESTRICTED mode it lets everything through.
 *
 * <p>Immutable and thread-safe.
 */
public final class EgressPolicy {
  private final NetworkMode mode;
  private final AllowList allowList;

  /**
   * @throws IllegalArgumentException naming an allow-list entry that is not an IP address, range or
   *     host name (ambiguous spellings such as {@code 0177.0.0.1} included)
   */
  public EgressPolicy(EgressConfig config) {
    this.mode = config.mode();
    this.allowList = AllowList.parse(config.allowList());
  }

  /**
   * Why {@code address} lies in a forbidden range, ignoring the mode and the allow list; empty for
   * a public address.
   */
  public static Optional<String> forbiddenReason(InetAddress address) {
    return ForbiddenRanges.reason(address);
  }

  /** Whether a connection to {@code address} on {@code port} is allowed. */
  public boolean permits(InetAddress address, int port) {
    return mode == NetworkMode.UNRESTRICTED
        || allowList.admitsAddress(address, port)
        || forbiddenReason(address).isEmpty();
  }

  /**
   * Parses and checks a request URL: http or https only, a host the guard can read, no user info
   * before the host (STRICT, as in {@code http://public.example@127.0.0.1/}), and a host that
   * passes {@link #checkHost}. Names are not resolved here.
   *
   * @throws EgressDeniedException naming the URL or host and the reason
   */
  public URI checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw denied("malformed URL '" + url + "': " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw denied(url + " uses scheme '" + scheme + "'; only http and https are allowed");
    }
    if (uri.getHost() == null) {
      // java.net.URI gives no host for spellings like 127.1 or %-escapes: explain those first
      if (uri.getRawAuthority() != null) {
        checkHost(hostOf(uri.getRawAuthority()), -1);
      }
      throw denied(url + " has no host the guard can read");
    }
    if (mode == NetworkMode.STRICT && uri.getRawUserInfo() != null) {
      throw denied(url + " carries user info before the host; send credentials in a header");
    }
    checkHost(uri.getHost(), Hop.port(uri));
    return uri;
  }

  /**
   * Checks a URL's host before anything is resolved.
   *
   * @param host as in the URL; brackets and case do not matter
   * @return the address when {@code host} is an IP literal (already checked), or empty when it is a
   *     host name that still needs {@link #resolve}
   * @throws EgressDeniedException in STRICT mode, for an ambiguous IP spelling, an invalid host
   *     name or a forbidden literal
   */
  public Optional<InetAddress> checkHost(String host, int port) {
    String name = StrictHost.normalize(host);
    Optional<InetAddress> literal;
    try {
      literal = StrictHost.ipLiteral(name);
    } catch (IllegalArgumentException e) {
      if (mode == NetworkMode.UNRESTRICTED) {
        return Optional.empty(); // let the JDK read odd spellings its own way
      }
      throw denied(e.getMessage());
    }
    if (literal.isPresent()) {
      checkAddress(literal.get(), port, name + " is ");
    } else if (mode == NetworkMode.STRICT && !StrictHost.isName(name)) {
      throw denied("'" + host + "' is not a valid host name");
    }
    return literal;
  }

  /**
   * Resolves {@code host} once and checks every answer: the result is the only set of addresses a
   * connection may use, which is what defeats DNS rebinding. Literals are never passed to {@code
   * resolver}.
   *
   * @return at least one address
   * @throws EgressDeniedException when {@link #checkHost} refuses the host, or in STRICT mode when
   *     any answer is forbidden and the host is not allow-listed by name
   * @throws UnknownHostException when the name does not resolve
   */
  public List<InetAddress> resolve(String host, int port, HostResolver resolver)
      throws UnknownHostException {
    Optional<InetAddress> literal = checkHost(host, port);
    if (literal.isPresent()) {
      return List.of(literal.get());
    }
    String name = StrictHost.normalize(host);
    List<InetAddress> answers = resolver.resolve(name);
    if (answers == null || answers.isEmpty()) {
      throw new UnknownHostException(name);
    }
    if (mode == NetworkMode.STRICT && !allowList.admitsName(name, port)) {
      for (InetAddress answer : answers) {
        checkAddress(
            answer, port, name + " resolves to " + answer.getHostAddress() + ", which is ");
      }
    }
    return List.copyOf(answers);
  }

  private void checkAddress(InetAddress address, int port, String prefix) {
    if (permits(address, port)) {
      return;
    }
    String reason = forbiddenReason(address).orElseThrow();
    throw denied(prefix + reason);
  }

  private static String hostOf(String authority) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? hostPort : hostPort.substring(0, close + 1);
    }
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  private static EgressDeniedException denied(String reason) {
    return new EgressDeniedException("egress denied: " + reason);
  }
}
