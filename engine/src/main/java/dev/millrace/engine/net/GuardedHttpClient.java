package dev.millrace.engine.net;

import dev.millrace.piece.EgressDeniedException;
import dev.millrace.piece.OutboundHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OutboundHttp} pieces use: one Jetty client whose every connection is resolved and
 * checked by {@link EgressPolicy} (see {@link GuardedAddressResolver}). Redirects are followed
 * here, not by Jetty, so each hop's URL is checked the same way; the whole call, redirects
 * included, is bounded by one timeout, and response bodies by {@link
 * EgressConfig#maxResponseBytes()}.
 *
 * <p>Thread-safe; {@link #send} blocks, which suits virtual threads. Cookies are never stored.
 */
public final class GuardedHttpClient implements OutboundHttp, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedHttpClient.class);
  // Jetty computes these itself; a caller's value could only contradict the real body
  private static final Set<String> SKIPPED_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "host");

  private final EgressConfig config;
  private final EgressPolicy policy;
  private final HttpClient jetty;

  /** A client resolving names with {@link HostResolver#SYSTEM}. */
  public GuardedHttpClient(EgressConfig config) {
    this(config, HostResolver.SYSTEM);
  }

  /**
   * Starts a client.
   *
   * @throws IllegalArgumentException for a bad allow-list entry
   */
  public GuardedHttpClient(EgressConfig config, HostResolver resolver) {
    this.config = config;
    this.policy = new EgressPolicy(config);
    this.jetty = new HttpClient();
    jetty.setName("millrace-egress");
    jetty.setSocketAddressResolver(new GuardedAddressResolver(policy, resolver));
    jetty.setFollowRedirects(false);
    jetty.setConnectTimeout(config.connectTimeout().toMillis());
    // one flow's target must not plant cookies that ride along on another flow's request
    jetty.setHttpCookieStore(new HttpCookieStore.Empty());
    try {
      jetty.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client", e);
    }
    // Jetty installs its handlers on start; without this one nothing can follow a hop unchecked
    jetty.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Follows at most {@code min(call.maxRedirects, config.maxRedirects)} redirects and returns
   * the last 3xx as it is when the budget runs out. A null {@code call.timeout} means {@link
   * EgressConfig#requestTimeout()}.
   *
   * @throws HttpTimeoutException when the call outlives its timeout
   */
  @Override
  public Reply send(Call call) throws IOException {
    Duration timeout = call.timeout() != null ? call.timeout() : config.requestTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    int redirectsLeft = Math.max(0, Math.min(call.maxRedirects(), config.maxRedirects()));
    String method = call.method() == null ? "GET" : call.method().toUpperCase(Locale.ROOT);
    Hop hop = new Hop(method, policy.checkUrl(call.url()), call.headers(), call.body());
    URI previous = null;
    while (true) {
      Reply reply;
      try {
        reply = exchange(hop, deadline, timeout);
      } catch (EgressDeniedException e) {
        throw previous == null ? e : redirected(e, previous);
      }
      String location = reply.header("Location");
      if (!Hop.isRedirect(reply.status()) || location == null || redirectsLeft == 0) {
        return reply;
      }
      redirectsLeft--;
      previous = hop.uri();
      hop = hop.follow(reply.status(), redirectTarget(previous, location));
    }
  }

  private URI redirectTarget(URI from, String location) {
    try {
      return policy.checkUrl(from.resolve(new URI(location)).toString());
    } catch (URISyntaxException e) {
      throw new EgressDeniedException(
          "egress denied: malformed redirect location '" + location + "' from " + from);
    } catch (EgressDeniedException e) {
      throw redirected(e, from);
    }
  }

  private static EgressDeniedException redirected(EgressDeniedException e, URI from) {
    return new EgressDeniedException(e.getMessage() + " (redirected from " + from + ")");
  }

  private Reply exchange(Hop hop, long deadline, Duration timeout) throws IOException {
    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remainingMillis <= 0) {
      throw timedOut(hop.uri(), timeout);
    }
    Request request =
        jetty
            .newRequest(hop.uri())
            .method(hop.method())
            .followRedirects(false)
            .timeout(remainingMillis, TimeUnit.MILLISECONDS)
            .headers(
                fields ->
                    hop.headers()
                        .forEach(
                            (name, values) -> {
                              if (!SKIPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                                values.forEach(value -> fields.add(name, value));
                              }
                            }));
    if (hop.body() != null && hop.body().length > 0) {
      String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      request.body(new BytesRequestContent(type, hop.body()));
    }
    var listener = new InputStreamResponseListener();
    request.send(listener);
    Response response;
    try {
      response = listener.get(remainingMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      request.abort(e);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + hop.uri());
    } catch (TimeoutException e) {
      request.abort(e);
      throw timedOut(hop.uri(), timeout);
    } catch (ExecutionException e) {
      throw failure(hop.uri(), e.getCause(), timeout);
    }
    byte[] body = readBody(request, response, listener.getInputStream(), timeout);
    return new Reply(response.getStatus(), headersOf(response), body, hop.uri().toString());
  }

  private byte[] readBody(Request request, Response response, InputStream in, Duration timeout)
      throws IOException {
    long max = config.maxResponseBytes();
    long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    try (in) {
      if (declared > max) {
        throw tooLarge(request, max);
      }
      var out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        total += n;
        if (total > max) {
          throw tooLarge(request, max);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (ResponseTooLarge e) {
      throw e;
    } catch (IOException e) {
      throw failure(request.getURI(), e, timeout);
    }
  }

  private static Map<String, List<String>> headersOf(Response response) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : response.getHeaders()) {
      headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
    }
    return headers;
  }

  /** Maps a Jetty failure to what {@link OutboundHttp} promises: the guard's refusal first. */
  private static IOException failure(URI uri, Throwable failure, Duration timeout) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EgressDeniedException denied) {
        // raised on the resolver's thread: rethrow from here so the trace shows the caller
        throw new EgressDeniedException(denied.getMessage());
      }
      if (t instanceof TimeoutException) {
        return timedOut(uri, timeout);
      }
    }
    return new IOException("request to " + uri + " failed: " + failure, failure);
  }

  private static HttpTimeoutException timedOut(URI uri, Duration timeout) {
    return new HttpTimeoutException("request to " + uri + " timed out after " + timeout);
  }

  private static ResponseTooLarge tooLarge(Request request, long max) {
    var e = new ResponseTooLarge(max);
    request.abort(e);
    return e;
  }

  /** Thrown when a body passes the cap; its own type so the read loop does not re-wrap it. */
  private static final class ResponseTooLarge extends IOException {
    ResponseTooLarge(long max) {
      super("response larger than " + max + " bytes");
    }
  }

  /** Stops the Jetty client; idempotent, and never fails. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP client failed", e);
    }
  }
}
