package dev.millrace.engine.net;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. IPv4 ranges match only IPv4
 * addresses and IPv6 ranges only IPv6 ones.
 */
record Cidr(InetAddress network, int prefixLength) {
  /**
   * Parses {@code a.b.c.d/n}, {@code v6/n}, or a bare address (a range of one).
   *
   * @throws IllegalArgumentException when the address is not a strict IP literal or the prefix
   *     length is out of range
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String host = StrictHost.normalize(slash < 0 ? text : text.substring(0, slash));
    InetAddress network =
        StrictHost.ipLiteral(host)
            .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP range"));
    int bits = network.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has a bad prefix length", e);
      }
      // the JDK turns ::ffff:a.b.c.d into an IPv4 address, so the prefix loses the 96 mapped bits
      if (network instanceof Inet4Address && host.indexOf(':') >= 0) {
        prefix -= 96;
      }
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("'" + text + "' has a bad prefix length");
    }
    return new Cidr(network, prefix);
  }

  /** Whether {@code address} lies in this range. */
  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (a[i] != n[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[whole] & mask) == (n[whole] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
