package dev.millrace.engine.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses STRICT mode refuses, each with the reason users see (shared reference §8.5). The
 * JDK's own flags ({@code isSiteLocalAddress} and friends) miss CGNAT, unique-local, NAT64, 6to4
 * and more, so the ranges are listed here and the flags only back them up.
 *
 * <p>IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}) addresses are
 * judged by the IPv4 address they embed, since that is where a connection to them ends up.
 */
final class ForbiddenRanges {
  private record Range(Cidr cidr, String reason) {}

  private static final List<Range> RANGES =
      List.of(
          range("0.0.0.0/8", "\"this network\" (0.0.0.0/8)"),
          range("10.0.0.0/8", "private (10.0.0.0/8)"),
          range(
              "100.64.0.0/10", "shared CGNAT space (100.64.0.0/10, holds Alibaba Cloud metadata)"),
          range("127.0.0.0/8", "loopback"),
          range("169.254.0.0/16", "link-local (cloud metadata)"),
          range("172.16.0.0/12", "private (172.16.0.0/12)"),
          range("192.0.0.0/24", "reserved for IETF protocols (192.0.0.0/24)"),
          range("192.0.2.0/24", "documentation-only (TEST-NET-1)"),
          range("192.88.99.0/24", "6to4 relay anycast (192.88.99.0/24)"),
          range("192.168.0.0/16", "private (192.168.0.0/16)"),
          range("198.18.0.0/15", "reserved for benchmarking (198.18.0.0/15)"),
          range("198.51.100.0/24", "documentation-only (TEST-NET-2)"),
          range("203.0.113.0/24", "documentation-only (TEST-NET-3)"),
          range("224.0.0.0/4", "multicast"),
          range("240.0.0.0/4", "reserved (240.0.0.0/4, includes broadcast)"),
          range("::/128", "the unspecified address"),
          range("::1/128", "loopback"),
          range("64:ff9b::/96", "NAT64 (64:ff9b::/96, reaches any IPv4 address)"),
          range("64:ff9b:1::/48", "local-use NAT64 (64:ff9b:1::/48)"),
          range("100::/64", "discard-only (100::/64)"),
          range("2001::/23", "reserved for IETF protocols (2001::/23)"),
          range("2001:db8::/32", "documentation-only (2001:db8::/32)"),
          range("2002::/16", "6to4 (2002::/16, embeds any IPv4 address)"),
          range("fc00::/7", "unique-local (fc00::/7, holds AWS metadata fd00:ec2::254)"),
          range("fe80::/10", "link-local (fe80::/10)"),
          range("fec0::/10", "site-local (fec0::/10)"),
          range("ff00::/8", "multicast"));

  private ForbiddenRanges() {}

  /** Why {@code address} must not be reached, or empty when it is a public address. */
  static Optional<String> reason(InetAddress address) {
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != null) {
      String kind = address.getAddress()[10] == 0 ? "IPv4-compatible " : "IPv4-mapped ";
      return reason(embedded).map(why -> kind + embedded.getHostAddress() + ", which is " + why);
    }
    for (Range range : RANGES) {
      if (range.cidr().contains(address)) {
        return Optional.of(range.reason());
      }
    }
    return jdkFlag(address);
  }

  /** The IPv4 address inside {@code ::ffff:a.b.c.d} or {@code ::a.b.c.d}, else null. */
  static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] b = address.getAddress();
    boolean zeroPrefix = Arrays.equals(b, 0, 10, new byte[10], 0, 10);
    boolean mapped = zeroPrefix && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    // :: and ::1 share the compatible prefix but are their own ranges
    boolean compatible =
        zeroPrefix && b[10] == 0 && b[11] == 0 && !Arrays.equals(b, 0, 15, new byte[15], 0, 15);
    if (!mapped && !compatible) {
      return null;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always a valid address", e);
    }
  }

  private static Optional<String> jdkFlag(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return Optional.of("the unspecified address");
    } else if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    } else if (address.isLinkLocalAddress()) {
      return Optional.of("link-local");
    } else if (address.isSiteLocalAddress()) {
      return Optional.of("site-local");
    } else if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    return Optional.empty();
  }

  private static Range range(String cidr, String reason) {
    return new Range(Cidr.parse(cidr), reason);
  }
}
