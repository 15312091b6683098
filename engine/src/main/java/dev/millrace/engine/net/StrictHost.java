package dev.millrace.engine.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads URL hosts the strict way. Parsers disagree on odd IPv4 spellings: the JDK reads {@code
 * 0177.0.0.1} as 177.0.0.1 while libc and curl read 127.0.0.1, and {@code 127.1} or {@code
 * 2130706433} mean 127.0.0.1 to most of them. So only the canonical dotted quad counts as an IPv4
 * literal; any other host that looks numeric is refused instead of guessed at, and never reaches a
 * resolver.
 */
final class StrictHost {
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
  private static final Pattern HEX_NUMBER = Pattern.compile("0x[0-9a-f]*");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]+");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  private StrictHost() {}

  /** Lower-cases {@code host} and drops IPv6 brackets and one trailing dot. */
  static String normalize(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.length() >= 2 && h.startsWith("[") && h.endsWith("]")) {
      return h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
  }

  /**
   * The address {@code host} (normalized) spells, or empty when it is a host name.
   *
   * @throws IllegalArgumentException when the host looks numeric but is not a canonical IP literal
   *     (leading zeros, hex or octal parts, short or integer forms, IPv6 zone ids); the message
   *     says why
   */
  static Optional<InetAddress> ipLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return Optional.of(ipv6(host));
    }
    // The WHATWG URL rule: a host whose last label is a number is an IPv4 address, never a name.
    String last = host.substring(host.lastIndexOf('.') + 1);
    if (DECIMAL.matcher(last).matches() || HEX_NUMBER.matcher(last).matches()) {
      return Optional.of(ipv4(host, host));
    }
    return Optional.empty();
  }

  /** Whether {@code host} (normalized, not numeric) is a syntactically valid DNS name. */
  static boolean isName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress ipv4(String text, String host) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw ambiguous(host, "it is not four dotted decimal numbers (short or integer form)");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (!DECIMAL.matcher(part).matches()) {
        throw ambiguous(host, "part '" + part + "' is not a decimal number (hex?)");
      }
      if (part.length() > 1 && part.charAt(0) == '0') {
        throw ambiguous(host, "part '" + part + "' has a leading zero (octal to some parsers)");
      }
      if (part.length() > 3 || Integer.parseInt(part) > 255) {
        throw ambiguous(host, "part '" + part + "' is over 255");
      }
      bytes[i] = (byte) Integer.parseInt(part);
    }
    return byAddress(bytes);
  }

  private static InetAddress ipv6(String host) {
    if (host.indexOf('%') >= 0) {
      throw new IllegalArgumentException("IPv6 address '" + host + "' carries a zone id");
    }
    if (!IPV6_CHARS.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address");
    }
    int lastColon = host.lastIndexOf(':');
    String tail = host.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0) {
      ipv4(tail, host); // the JDK reads an embedded 0177.0.0.1 as decimal too
    }
    try {
      return InetAddress.ofLiteral(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address", e);
    }
  }

  private static IllegalArgumentException ambiguous(String host, String why) {
    return new IllegalArgumentException(
        "ambiguous IP address '" + host + "': " + why + "; write it as a.b.c.d in plain decimal");
  }

  private static InetAddress byAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always a valid address", e);
    }
  }
}
