package dev.millrace.pieces.http;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.TestContext;
import dev.millrace.testkit.HttpSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestActionTest {
  private final HttpPiece piece = new HttpPiece();
  private HttpSink sink;

  @BeforeEach
  void startSink() {
    sink = HttpSink.start();
  }

  @AfterEach
  void stopSink() {
    sink.close();
  }

  private JsonNode request(String inputs) {
    return run(piece, "request", inputs);
  }

  private HttpSink.Request last() {
    List<HttpSink.Request> all = sink.requests();
    assertThat(all).isNotEmpty();
    return all.getLast();
  }

  @Test
  void getReturnsStatusLowerCasedHeadersAndParsedJsonBody() {
    JsonNode out = request("{url: '" + sink.url("/echo") + "'}");

    assertThat(out.get("status").asInt()).isEqualTo(200);
    assertThat(out.get("headers").get("content-type").asText()).isEqualTo("application/json");
    assertThat(out.get("body").get("method").asText()).isEqualTo("GET");
    assertThat(out.get("body").get("path").asText()).isEqualTo("/echo");
    assertThat(sink.count("/echo")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
  void everyMethodReachesTheServerAsGiven(String method) {
    JsonNode out = request("{method: '" + method + "', url: '" + sink.url("/m") + "'}");

    assertThat(last().method()).isEqualTo(method);
    assertThat(out.get("status").asInt()).isEqualTo(200);
    if (method.equals("HEAD")) {
      assertThat(out.get("body").isNull()).isTrue();
    }
  }

  @Test
  void queryIsUrlEncodedAndAppendedToTheUrlsOwnQuery() {
    request(
        "{url: '"
            + sink.url("/q?x=1")
            + "', query: {name: 'a b&c=d/é', tags: ['x', 'y'], n: 5, flag: true, skip: null}}");

    assertThat(last().query())
        .isEqualTo("x=1&name=a%20b%26c%3Dd%2F%C3%A9&tags=x&tags=y&n=5&flag=true");
  }

  @Test
  void queryObjectValueIsRefusedPermanently() {
    PieceException e =
        failure(piece, "request", "{url: '" + sink.url("/q") + "', query: {a: {b: 1}}}");

    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage()).contains("query \"a\"");
    assertThat(sink.requests()).isEmpty();
  }

  @Test
  void jsonBodyIsTheDefaultWhenABodyIsGiven() {
    request("{method: 'POST', url: '" + sink.url("/j") + "', body: {a: 1, b: ['x']}}");

    assertThat(last().body()).isEqualTo("{\"a\":1,\"b\":[\"x\"]}");
    assertThat(last().header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void formBodyIsUrlEncodedWithRepeatedFieldsForLists() {
    request(
        "{method: 'POST', url: '"
            + sink.url("/f")
            + "', bodyType: 'form', body: {name: 'a b', list: [1, 2], sym: '&='}}");

    assertThat(last().body()).isEqualTo("name=a+b&list=1&list=2&sym=%26%3D");
    assertThat(last().header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void formBodyMustBeAnObject() {
    PieceException e =
        failure(
            piece,
            "request",
            "{method: 'POST', url: '" + sink.url("/f") + "', bodyType: 'form', body: [1]}");

    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage()).contains("form body must be an object");
  }

  @Test
  void rawBodySendsTextAsIs() {
    request(
        "{method: 'PUT', url: '" + sink.url("/r") + "', bodyType: 'raw', body: 'hello <b>x</b>'}");

    assertThat(last().body()).isEqualTo("hello <b>x</b>");
    assertThat(last().header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void bodyTypeNoneSendsNoBody() {
    request("{method: 'POST', url: '" + sink.url("/n") + "', bodyType: 'none', body: {a: 1}}");

    assertThat(last().body()).isEmpty();
    assertThat(last().header("Content-Type")).isNull();
  }

  @Test
  void flowsOwnContentTypeAndHeadersAreKept() {
    request(
        "{method: 'POST', url: '"
            + sink.url("/h")
            + "', headers: {'content-type': 'application/vnd.x+json', 'X-Count': 3,"
            + " 'X-Multi': ['a', 'b']}, body: {a: 1}}");

    HttpSink.Request seen = last();
    assertThat(seen.header("Content-Type")).isEqualTo("application/vnd.x+json");
    assertThat(seen.header("X-Count")).isEqualTo("3");
    assertThat(multi(seen.headers(), "X-Multi")).containsExactly("a", "b");
  }

  private static List<String> multi(Map<String, List<String>> headers, String name) {
    var out = new ArrayList<String>();
    headers.forEach(
        (k, v) -> {
          if (k.equalsIgnoreCase(name)) {
            v.forEach(item -> out.addAll(List.of(item.split(",\\s*"))));
          }
        });
    return out;
  }

  @Test
  void basicAuthSendsBase64OfUserAndPassword() {
    request(
        "{url: '"
            + sink.url("/a")
            + "', auth: {type: 'basic', username: 'ann', password: 'p@ss:wörd'}}");

    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("ann:p@ss:wörd".getBytes(StandardCharsets.UTF_8));
    assertThat(last().header("Authorization")).isEqualTo(expected);
  }

  @Test
  void bearerAuthSendsTheToken() {
    request("{url: '" + sink.url("/a") + "', auth: {type: 'bearer', token: 'tok-123'}}");

    assertThat(last().header("Authorization")).isEqualTo("Bearer tok-123");
  }

  @Test
  void apiKeyAuthInAHeader() {
    request(
        "{url: '"
            + sink.url("/a")
            + "', auth: {type: 'api_key', header: 'X-Api-Key', value: 'k-1'}}");

    assertThat(last().header("X-Api-Key")).isEqualTo("k-1");
  }

  @Test
  void apiKeyAuthInTheQueryNeverShowsInMessagesOrLogs() {
    sink.respond("/secret", HttpSink.Reply.json(401, "{\"error\":\"nope\"}"));
    TestContext context =
        TestContext.of(
            piece,
            "request",
            "{url: '"
                + sink.url("/secret?a=1")
                + "', auth: {type: 'api_key', query: 'api_key', value: 's3cr3t'}}");

    PieceException e = context.failure();

    assertThat(last().query()).isEqualTo("a=1&api_key=s3cr3t");
    assertThat(e.getMessage()).startsWith("HTTP 401 from " + sink.url("/secret?a=1") + ": ");
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
    assertThat(context.logLines()).isNotEmpty().noneMatch(line -> line.contains("s3cr3t"));
  }

  @Test
  void credentialsEchoedInAnErrorBodyAreMasked() {
    sink.respond("/echoes", HttpSink.Reply.json(401, "{\"error\":\"bad token tok-SECRET-9\"}"));

    PieceException e =
        failure(
            piece,
            "request",
            "{url: '" + sink.url("/echoes") + "', auth: {type: 'bearer', token: 'tok-SECRET-9'}}");

    assertThat(e.getMessage()).endsWith("{\"error\":\"bad token ***\"}");
  }

  @Test
  void userInfoInTheUrlIsLeftOutOfMessages() {
    sink.respond("/ui", HttpSink.Reply.json(403, "{}"));

    PieceException e =
        failure(piece, "request", "{url: 'http://bob:hunter2@127.0.0.1:" + sink.port() + "/ui'}");

    assertThat(e.getMessage()).doesNotContain("hunter2").contains("http://127.0.0.1:");
  }

  @Test
  void authWithMissingOrUnknownFieldsIsPermanent() {
    String url = sink.url("/a");
    assertThat(failure(piece, "request", "{url: '" + url + "', auth: {type: 'bearer'}}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("auth.token is required");
    assertThat(failure(piece, "request", "{url: '" + url + "', auth: {type: 'digest'}}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("\"digest\" is not supported");
    assertThat(
            failure(piece, "request", "{url: '" + url + "', auth: {type: 'api_key', value: 'v'}}"))
        .hasMessageContaining("needs \"header\"");
    assertThat(sink.requests()).isEmpty();
  }

  @Test
  void clientErrorStatusFailsPermanentlyWithTheStartOfTheBody() {
    sink.respond("/missing", HttpSink.Reply.json(404, "{\"error\":\"no such customer\"}"));

    PieceException e = failure(piece, "request", "{url: '" + sink.url("/missing") + "'}");

    assertThat(e.isPermanent()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo("HTTP 404 from " + sink.url("/missing") + ": {\"error\":\"no such customer\"}");
  }

  @Test
  void serverErrorsAndTooManyRequestsMayBeRetried() {
    sink.respond("/busy", HttpSink.Reply.json(503, "later"));
    sink.respond("/slow-down", HttpSink.Reply.json(429, "later"));

    assertThat(failure(piece, "request", "{url: '" + sink.url("/busy") + "'}").isPermanent())
        .isFalse();
    assertThat(failure(piece, "request", "{url: '" + sink.url("/slow-down") + "'}").isPermanent())
        .isFalse();
  }

  @Test
  void errorMessageKeepsOnlyTheFirst500CharactersOfTheBody() {
    sink.respond("/big", HttpSink.Reply.json(400, "x".repeat(2000)));

    PieceException e = failure(piece, "request", "{url: '" + sink.url("/big") + "'}");

    String prefix = "HTTP 400 from " + sink.url("/big") + ": ";
    assertThat(e.getMessage()).isEqualTo(prefix + "x".repeat(500) + "…");
  }

  @Test
  void failOnStatusFalseReturnsTheErrorResponse() {
    sink.respond("/missing", HttpSink.Reply.json(404, "{\"error\":\"gone\"}"));

    JsonNode out = request("{url: '" + sink.url("/missing") + "', failOnStatus: false}");

    assertThat(out.get("status").asInt()).isEqualTo(404);
    assertThat(out.get("body").get("error").asText()).isEqualTo("gone");
  }

  @Test
  void responseTypeDecidesHowTheBodyIsRead() {
    sink.respond("/json-as-text", new HttpSink.Reply(200, "text/plain", "{\"a\":1}", Map.of()));
    sink.respond("/html", new HttpSink.Reply(200, "text/html", "<p>hi</p>", Map.of()));

    assertThat(request("{url: '" + sink.url("/json-as-text") + "'}").get("body").asText())
        .isEqualTo("{\"a\":1}");
    assertThat(
            request("{url: '" + sink.url("/json-as-text") + "', responseType: 'json'}")
                .get("body")
                .get("a")
                .asInt())
        .isEqualTo(1);
    JsonNode asText = request("{url: '" + sink.url("/echo") + "', responseType: 'text'}");
    assertThat(asText.get("body").isTextual()).isTrue();
    assertThat(asText.get("body").asText()).startsWith("{\"method\":\"GET\"");
    assertThat(
            failure(piece, "request", "{url: '" + sink.url("/html") + "', responseType: 'json'}"))
        .hasMessageContaining("is not JSON");
  }

  @Test
  void autoFallsBackToTextWhenJsonContentDoesNotParse() {
    sink.respond("/broken", HttpSink.Reply.json(200, "{not json"));

    assertThat(request("{url: '" + sink.url("/broken") + "'}").get("body").asText())
        .isEqualTo("{not json");
  }

  @Test
  void idempotencyKeyHeaderIsRunIdColonStepPath() {
    TestContext.of(piece, "request", "{url: '" + sink.url("/pay") + "', idempotencyKey: true}")
        .ids("run-7", "each_order[3].charge")
        .run();

    assertThat(last().header("Idempotency-Key")).isEqualTo("run-7:each_order[3].charge");
  }

  @Test
  void noIdempotencyKeyHeaderUnlessAskedFor() {
    request("{url: '" + sink.url("/pay") + "'}");

    assertThat(last().header("Idempotency-Key")).isNull();
  }

  @Test
  void redirectsAreFollowedByDefaultAndReturnedWhenNot() {
    sink.respond("/old", HttpSink.Reply.redirect(sink.url("/new")));

    JsonNode followed = request("{url: '" + sink.url("/old") + "'}");
    JsonNode notFollowed = request("{url: '" + sink.url("/old") + "', followRedirects: false}");

    assertThat(followed.get("status").asInt()).isEqualTo(200);
    assertThat(followed.get("body").get("path").asText()).isEqualTo("/new");
    assertThat(notFollowed.get("status").asInt()).isEqualTo(302);
    assertThat(notFollowed.get("headers").get("location").asText()).isEqualTo(sink.url("/new"));
    assertThat(sink.count("/new")).isEqualTo(1);
  }

  @Test
  void aServerThatNeverAnswersTimesOutRetryably() throws IOException {
    var held = new CopyOnWriteArrayList<Socket>();
    try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });

      PieceException e =
          failure(
              piece,
              "request",
              "{url: 'http://127.0.0.1:" + silent.getLocalPort() + "/x', timeoutMs: 200}");

      assertThat(e.isPermanent()).isFalse();
      assertThat(e.getMessage()).contains("timed out after 200 ms");
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void aRefusedConnectionMayBeRetried() throws IOException {
    int port;
    try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }

    PieceException e = failure(piece, "request", "{url: 'http://127.0.0.1:" + port + "/x'}");

    assertThat(e.isPermanent()).isFalse();
    assertThat(e.getMessage()).startsWith("GET http://127.0.0.1:" + port + "/x failed");
  }

  @Test
  void urlsThatAreNotHttpAreRefusedPermanently() {
    assertThat(failure(piece, "request", "{url: 'ftp://example.com/x'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("http:// or https://");
    assertThat(failure(piece, "request", "{url: 'not a url'}"))
        .matches(PieceException::isPermanent);
    assertThat(failure(piece, "request", "{url: '/relative/path'}"))
        .matches(PieceException::isPermanent);
  }

  @Test
  void aNonPositiveTimeoutIsRefused() {
    assertThat(failure(piece, "request", "{url: '" + sink.url("/t") + "', timeoutMs: 0}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("timeoutMs");
  }

  @Test
  void requestIsLoggedWithMethodUrlAndStatus() {
    TestContext context = TestContext.of(piece, "request", "{url: '" + sink.url("/l") + "'}");

    context.run();

    assertThat(context.logLines())
        .singleElement()
        .asString()
        .startsWith("INFO GET " + sink.url("/l") + " -> 200 in ");
  }
}
