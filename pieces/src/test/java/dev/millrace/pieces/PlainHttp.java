package dev.millrace.pieces;

import dev.millrace.piece.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link OutboundHttp} on the JDK's {@link HttpClient} with no network guard, for tests against
 * a local {@code HttpSink}: it really sends requests and follows redirects itself, up to {@code
 * maxRedirects}, as the guarded client does.
 */
public final class PlainHttp implements OutboundHttp {
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Override
  public Reply send(Call call) throws IOException {
    String method = call.method();
    byte[] body = call.body();
    URI uri = URI.create(call.url());
    for (int hop = 0; ; hop++) {
      HttpResponse<byte[]> response = exchange(method, uri, call.headers(), body, call.timeout());
      String location = response.headers().firstValue("Location").orElse(null);
      if (!REDIRECTS.contains(response.statusCode()) || location == null) {
        return reply(response, uri);
      }
      if (hop >= call.maxRedirects()) {
        return reply(response, uri);
      }
      uri = uri.resolve(location);
      int status = response.statusCode();
      if (status == 303 || ((status == 301 || status == 302) && !method.equals("HEAD"))) {
        method = "GET";
        body = null;
      }
    }
  }

  private HttpResponse<byte[]> exchange(
      String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout)
      throws IOException {
    var request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Reply reply(HttpResponse<byte[]> response, URI uri) {
    return new Reply(
        response.statusCode(), response.headers().map(), response.body(), uri.toString());
  }
}
