package dev.millrace.engine.net;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One request of a redirect chain, and how a 3xx answer turns it into the next one.
 *
 * @param body null when there is none
 */
record Hop(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
  private static final Set<String> BODY_HEADERS =
      Set.of("content-type", "content-length", "content-encoding", "transfer-encoding");
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  /** Whether {@code status} is a redirect this client follows. */
  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * The request that follows a {@code status} redirect to {@code next}: 301, 302 and 303 become a
   * GET without body (HEAD stays HEAD), 307 and 308 repeat method and body. Credentials are dropped
   * when the redirect leaves the origin, so a hop cannot carry them to another server.
   */
  Hop follow(int status, URI next) {
    boolean toGet = status != 307 && status != 308 && !method.equalsIgnoreCase("HEAD");
    Map<String, List<String>> kept = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          boolean drop =
              (toGet && BODY_HEADERS.contains(lower))
                  || (!sameOrigin(uri, next) && CREDENTIAL_HEADERS.contains(lower));
          if (!drop) {
            kept.put(name, values);
          }
        });
    return new Hop(toGet ? "GET" : method, next, kept, toGet ? null : body);
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  /** The URI's port, or the scheme's default. */
  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return Objects.equals(uri.getScheme().toLowerCase(Locale.ROOT), "https") ? 443 : 80;
  }
}
