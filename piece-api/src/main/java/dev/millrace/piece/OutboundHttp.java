package dev.millrace.piece;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The only way pieces and code steps reach the network. In STRICT mode it refuses private,
 * loopback, link-local, metadata and other internal targets, checks every redirect hop, and caps
 * time and response size.
 */
public interface OutboundHttp {
  /**
   * Sends a request and reads the whole response.
   *
   * @throws EgressDeniedException when the guard refuses the target (or a redirect's target)
   * @throws IOException on connection failures, time-outs, or a response over the size cap
   */
  Reply send(Call call) throws IOException;

  /**
   * A request. Header names are case-insensitive; {@code maxRedirects} 0 returns 3xx responses as
   * they are.
   */
  record Call(
      String method,
      String url,
      Map<String, List<String>> headers,
      byte[] body,
      Duration timeout,
      int maxRedirects) {
    public Call {
      headers = Map.copyOf(headers);
    }
  }

  /** A response, after redirects. */
  record Reply(int status, Map<String, List<String>> headers, byte[] body, String finalUrl) {
    public Reply {
      headers = Map.copyOf(headers);
    }

    /** The first value of a header, case-insensitively, or null. */
    public String header(String name) {
      for (var entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
          return entry.getValue().getFirst();
        }
      }
      return null;
    }
  }
}
