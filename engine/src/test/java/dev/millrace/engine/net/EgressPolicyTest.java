package dev.millrace.engine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.piece.EgressDeniedException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy alone: no connection is made, so public addresses are safe to name. */
class EgressPolicyTest {
  private final EgressPolicy strict = policy(NetworkMode.STRICT);

  /** One address inside each of the 28 deny-list ranges, and the reason it gives. */
  static Stream<Arguments> deniedAddresses() {
    return Stream.of(
        Arguments.of("0.1.2.3", "\"this network\""),
        Arguments.of("10.200.0.1", "private (10.0.0.0/8)"),
        Arguments.of("100.100.100.200", "shared CGNAT space"),
        Arguments.of("127.255.0.9", "loopback"),
        Arguments.of("169.254.169.254", "link-local (cloud metadata)"),
        Arguments.of("172.31.255.255", "private (172.16.0.0/12)"),
        Arguments.of("192.0.0.170", "reserved for IETF protocols"),
        Arguments.of("192.0.2.44", "TEST-NET-1"),
        Arguments.of("192.88.99.1", "6to4 relay anycast"),
        Arguments.of("192.168.1.1", "private (192.168.0.0/16)"),
        Arguments.of("198.19.0.1", "benchmarking"),
        Arguments.of("198.51.100.7", "TEST-NET-2"),
        Arguments.of("203.0.113.9", "TEST-NET-3"),
        Arguments.of("239.255.255.250", "multicast"),
        Arguments.of("255.255.255.255", "reserved (240.0.0.0/4"),
        Arguments.of("::", "the unspecified address"),
        Arguments.of("::1", "loopback"),
        Arguments.of("64:ff9b::a9fe:a9fe", "NAT64"),
        Arguments.of("64:ff9b:1::1", "local-use NAT64"),
        Arguments.of("100::dead", "discard-only"),
        Arguments.of("2001:1ff::1", "reserved for IETF protocols (2001::/23)"),
        Arguments.of("2001:db8::1", "documentation-only (2001:db8::/32)"),
        Arguments.of("2002:a9fe:a9fe::1", "6to4"),
        Arguments.of("fd00:ec2::254", "unique-local"),
        Arguments.of("fe80::1", "link-local (fe80::/10)"),
        Arguments.of("fec0::1", "site-local"),
        Arguments.of("ff02::1", "multicast"),
        Arguments.of("::127.0.0.1", "IPv4-compatible 127.0.0.1, which is loopback"),
        Arguments.of("::10.1.1.1", "IPv4-compatible 10.1.1.1, which is private"));
  }

  @ParameterizedTest
  @MethodSource("deniedAddresses")
  void deniedRangeIsRefusedWithItsReason(String literal, String reason) {
    InetAddress address = InetAddress.ofLiteral(literal);

    assertThat(EgressPolicy.forbiddenReason(address)).hasValueSatisfying(r -> r.contains(reason));
    assertThat(strict.permits(address, 80)).isFalse();
    assertThatThrownBy(() -> strict.checkHost(literal, 80))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void ipv4MappedAddressIsJudgedByTheAddressItEmbeds() throws UnknownHostException {
    // the JDK unwraps ::ffff:a.b.c.d literals, but a resolver may hand back the raw IPv6 form
    InetAddress mappedLoopback = mapped(127, 0, 0, 1);
    InetAddress mappedPublic = mapped(8, 8, 8, 8);

    assertThat(mappedLoopback).isInstanceOf(Inet6Address.class);
    assertThat(mappedLoopback.isLoopbackAddress()).isFalse();
    assertThat(EgressPolicy.forbiddenReason(mappedLoopback))
        .hasValue("IPv4-mapped 127.0.0.1, which is loopback");
    assertThat(EgressPolicy.forbiddenReason(mapped(169, 254, 169, 254)))
        .hasValueSatisfying(r -> r.contains("cloud metadata"));
    assertThat(strict.permits(mappedPublic, 443)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "2606:4700::1111",
        "100.63.255.255",
        "100.128.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2001:200::1",
        "::8.8.8.8"
      })
  void publicAddressIsPermitted(String literal) {
    InetAddress address = InetAddress.ofLiteral(literal);

    assertThat(EgressPolicy.forbiddenReason(address)).isEmpty();
    assertThat(strict.permits(address, 443)).isTrue();
    assertThat(strict.checkHost(literal, 443)).hasValue(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0177.0.0.1",
        "127.000.000.001",
        "127.0.0.01",
        "127.1",
        "127.0.1",
        "2130706433",
        "017700000001",
        "0x7f000001",
        "0x7f.0.0.1",
        "0x",
        "1.2.3.4.5",
        "256.1.1.1",
        "8.8.8.08",
        "::ffff:0177.0.0.1",
        "fe80::1%eth0",
        "::ffff:1.2.3"
      })
  void ambiguousLiteralIsRefusedAndNeverResolved(String host) {
    HostResolver mustNotBeAsked =
        name -> {
          throw new AssertionError("resolver asked for " + name);
        };

    assertThatThrownBy(() -> strict.resolve(host, 80, mustNotBeAsked))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageStartingWith("egress denied: ")
        .hasMessageContaining(host.replace("%eth0", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"exa mple.com", "-lead.example", "a..b", "under%31.example", "é.example"})
  void invalidHostNameIsRefused(String host) {
    assertThatThrownBy(() -> strict.checkHost(host, 80))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageContaining("not a valid host name");
  }

  @Test
  void hostNameIsLeftForTheResolver() {
    assertThat(strict.checkHost("api.example.com", 443)).isEmpty();
    assertThat(strict.checkHost("EXAMPLE.com.", 443)).isEmpty();
    assertThat(strict.checkHost("0xdead.example", 443)).isEmpty();
  }

  @Test
  void anyForbiddenAnswerRefusesTheName() {
    HostResolver dns = host -> List.of(ip("93.184.216.34"), ip("10.0.0.5"));

    assertThatThrownBy(() -> strict.resolve("mixed.example", 80, dns))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessage(
            "egress denied: mixed.example resolves to 10.0.0.5, which is private (10.0.0.0/8)");
  }

  @Test
  void publicAnswersAreReturnedAsResolved() throws UnknownHostException {
    HostResolver dns = host -> List.of(ip("93.184.216.34"), ip("2606:4700::1111"));

    assertThat(strict.resolve("Public.Example.", 443, dns))
        .containsExactly(ip("93.184.216.34"), ip("2606:4700::1111"));
  }

  @Test
  void allowListAdmitsAddressesRangesNamesAndPorts() throws UnknownHostException {
    var policy =
        policy(NetworkMode.STRICT, "10.1.2.3", "172.16.0.0/12", "[fd00::5]:8443", "intranet.corp");
    HostResolver dns = host -> List.of(ip("192.168.7.7"));

    assertThat(policy.permits(ip("10.1.2.3"), 80)).isTrue();
    assertThat(policy.permits(ip("10.1.2.4"), 80)).isFalse();
    assertThat(policy.permits(ip("172.20.0.1"), 80)).isTrue();
    assertThat(policy.permits(ip("fd00::5"), 8443)).isTrue();
    assertThat(policy.permits(ip("fd00::5"), 443)).isFalse();
    assertThat(policy.resolve("intranet.corp", 80, dns)).containsExactly(ip("192.168.7.7"));
    assertThatThrownBy(() -> policy.resolve("other.corp", 80, dns))
        .isInstanceOf(EgressDeniedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0177.0.0.1", "10.0.0.0/33", "host:99999", "", "bad host", "127.1"})
  void badAllowListEntryIsRefusedWithItsName(String entry) {
    assertThatThrownBy(() -> policy(NetworkMode.STRICT, entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad allow-list entry '" + entry + "'");
  }

  @Test
  void unrestrictedModePermitsEverything() throws UnknownHostException {
    var open = policy(NetworkMode.UNRESTRICTED);

    assertThat(open.permits(ip("169.254.169.254"), 80)).isTrue();
    assertThat(open.checkHost("127.0.0.1", 80)).hasValue(ip("127.0.0.1"));
    assertThat(open.resolve("db.internal", 5432, host -> List.of(ip("10.0.0.5"))))
        .containsExactly(ip("10.0.0.5"));
  }

  private static EgressPolicy policy(NetworkMode mode, String... allowList) {
    return new EgressPolicy(
        EgressConfig.defaults().withMode(mode).withAllowList(List.of(allowList)));
  }

  private static InetAddress ip(String literal) {
    return InetAddress.ofLiteral(literal);
  }

  private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return Inet6Address.getByAddress(null, bytes, -1);
  }
}
