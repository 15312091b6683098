package dev.millrace.engine.net;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the guarded HTTP client.
 *
 * @param mode STRICT or UNRESTRICTED
 * @param allowList IPs, CIDRs or host names let through in STRICT ({@code
 *     MILLRACE_SSRF_ALLOW_LIST})
 * @param connectTimeout cap on connecting
 * @param requestTimeout default cap on a whole request, when the call gives none
 * @param maxResponseBytes cap on a response body
 * @param maxRedirects cap on redirect hops followed
 */
public record EgressConfig(
    NetworkMode mode,
    List<String> allowList,
    Duration connectTimeout,
    Duration requestTimeout,
    long maxResponseBytes,
    int maxRedirects) {
  public EgressConfig {
    allowList = List.copyOf(allowList);
  }

  public static EgressConfig defaults() {
    return new EgressConfig(
        NetworkMode.STRICT,
        List.of(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        10L << 20,
        5);
  }

  public EgressConfig withMode(NetworkMode newMode) {
    return new EgressConfig(
        newMode, allowList, connectTimeout, requestTimeout, maxResponseBytes, maxRedirects);
  }

  public EgressConfig withAllowList(List<String> entries) {
    return new EgressConfig(
        mode, entries, connectTimeout, requestTimeout, maxResponseBytes, maxRedirects);
  }
}
