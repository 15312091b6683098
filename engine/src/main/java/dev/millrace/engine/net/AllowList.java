package dev.millrace.engine.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Targets an operator lets through in STRICT mode ({@code MILLRACE_SSRF_ALLOW_LIST}). Entries:
 *
 * <ul>
 *   <li>an IP address, optionally with a port: {@code 10.1.2.3}, {@code 10.1.2.3:8080}, {@code
 *       [fd00::5]:8080}, {@code fd00::5};
 *   <li>a range: {@code 10.0.0.0/8}, {@code fd00::/8} (any port);
 *   <li>a host name, optionally with a port: {@code internal.example}, {@code localhost:9000}. An
 *       allow-listed name is trusted whatever it resolves to.
 * </ul>
 */
final class AllowList {
  private static final int ANY_PORT = -1;

  private record Entry(Cidr range, String name, int port) {
    boolean portMatches(int p) {
      return port == ANY_PORT || port == p;
    }
  }

  private final List<Entry> entries;

  private AllowList(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses allow-list entries.
   *
   * @throws IllegalArgumentException naming the first entry that is not an address, range or name
   */
  static AllowList parse(List<String> texts) {
    var entries = new ArrayList<Entry>();
    for (String text : texts) {
      try {
        entries.add(entry(text.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "bad allow-list entry '" + text + "': " + e.getMessage(), e);
      }
    }
    return new AllowList(entries);
  }

  /** Whether {@code host} (normalized) at {@code port} is allow-listed by name. */
  boolean admitsName(String host, int port) {
    return entries.stream().anyMatch(e -> host.equals(e.name()) && e.portMatches(port));
  }

  /** Whether {@code address} at {@code port} is allow-listed as an address or range. */
  boolean admitsAddress(InetAddress address, int port) {
    return entries.stream()
        .anyMatch(e -> e.range() != null && e.range().contains(address) && e.portMatches(port));
  }

  private static Entry entry(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    if (text.indexOf('/') >= 0) {
      return new Entry(Cidr.parse(text), null, ANY_PORT);
    }
    String host = text;
    int port = ANY_PORT;
    int close = text.indexOf(']');
    int colon = text.lastIndexOf(':');
    boolean bracketedWithPort = text.startsWith("[") && close > 0 && colon > close;
    boolean nameOrIpv4WithPort = !text.startsWith("[") && colon > 0 && colon == text.indexOf(':');
    if (bracketedWithPort || nameOrIpv4WithPort) {
      host = text.substring(0, colon);
      port = port(text.substring(colon + 1));
    }
    String normalized = StrictHost.normalize(host);
    Optional<InetAddress> literal = StrictHost.ipLiteral(normalized);
    if (literal.isPresent()) {
      return new Entry(Cidr.parse(normalized), null, port);
    }
    if (!StrictHost.isName(normalized)) {
      throw new IllegalArgumentException("not an IP address, range or host name");
    }
    return new Entry(null, normalized, port);
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("bad port '" + text + "'");
  }
}
