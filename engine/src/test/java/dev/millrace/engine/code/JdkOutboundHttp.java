package dev.millrace.engine.code;

import dev.millrace.piece.EgressDeniedException;
import dev.millrace.piece.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * A small real {@link OutboundHttp} for tests: sends with the JDK client and refuses a fixed set of
 * hosts the way the egress guard would.
 */
final class JdkOutboundHttp implements OutboundHttp {
  private final HttpClient client = HttpClient.newBuilder().build();
  private final Set<String> deniedHosts;

  JdkOutboundHttp(Set<String> deniedHosts) {
    this.deniedHosts = deniedHosts;
  }

  @Override
  public Reply send(Call call) throws IOException {
    URI uri = URI.create(call.url());
    if (deniedHosts.contains(uri.getHost())) {
      throw new EgressDeniedException(uri.getHost() + " is a link-local address");
    }
    var body =
        call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(call.body());
    var request = HttpRequest.newBuilder(uri).timeout(call.timeout()).method(call.method(), body);
    call.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(
          response.statusCode(), response.headers().map(), response.body(), call.url());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
