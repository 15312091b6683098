package dev.millrace.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command as a user meets it: {@code ./millrace dev} in a directory of their own,
 * on its embedded Redis and PostgreSQL, loading {@code ./flows}, then the {@code curl} it prints,
 * then Ctrl-C.
 */
class DevModeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOADED =
      Pattern.compile("flow orders\\.json: webhook (http://\\S+/v1/webhooks/\\S+)");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void devModeServesTheQuickStartAndStopsCleanly(@TempDir Path dir) throws Exception {
    Path examples = MillraceProcess.ROOT.resolve("examples");
    Files.createDirectories(dir.resolve("flows"));
    Files.copy(examples.resolve("orders.json"), dir.resolve("flows/orders.json"));
    int port = SystemFixture.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("MILLRACE_PORT", Integer.toString(port));
    // what a user's shell has: none of the settings that would replace the embedded services
    for (String name :
        List.of(
            "MILLRACE_REDIS_URL",
            "MILLRACE_DATABASE_URL",
            "MILLRACE_API_KEY",
            "MILLRACE_WORKER_TOKEN",
            "MILLRACE_APP_URL")) {
      env.put(name, null);
    }

    try (var dev = MillraceProcess.start("dev", List.of("dev"), env, dir)) {
      await("millrace dev to be ready")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> dev.output().contains("Try it:") || !dev.alive());
      String output = dev.output();
      assertThat(dev.alive()).as(output).isTrue();
      String apiKey = Files.readString(dir.resolve(".millrace/api-key")).strip();
      assertThat(output).contains("API key:      " + apiKey);

      // the flow loaded from ./flows answers its sync webhook
      Matcher loaded = LOADED.matcher(output);
      assertThat(loaded.find()).as(output).isTrue();
      HttpResponse<String> sync =
          post(
              loaded.group(1) + "/sync",
              Files.readString(examples.resolve("orders.trigger.json")),
              null);
      assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
      JsonNode reply = JSON.readTree(sync.body());
      assertThat(reply.path("orders").asInt()).isEqualTo(3);
      assertThat(reply.path("revenue").asInt()).isEqualTo(227);

      // the printed curl: create examples/hello.json, start it through its webhook, read the run
      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> created =
          post(
              base + "/v1/flows",
              "{\"definition\": " + Files.readString(examples.resolve("hello.json")) + "}",
              apiKey);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String webhookUrl = JSON.readTree(created.body()).path("webhookUrl").asText();
      HttpResponse<String> started = post(webhookUrl, "{}", null);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String runId = JSON.readTree(started.body()).path("runId").asText();
      await("the hello run to succeed")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> run(base, runId, apiKey).path("status").asText().equals("SUCCEEDED"));
      assertThat(run(base, runId, apiKey).path("output").asText())
          .isEqualTo("HELLO, ADA! HELLO, GRACE! HELLO, LINUS!");

      // Ctrl-C: the workers drain, the embedded services stop, and the process ends well
      assertThat(dev.terminate(90)).as(dev.output()).isTrue();
      assertThat(dev.exitValue()).as(dev.output()).isIn(0, 143);
    }
  }

  private HttpResponse<String> post(String url, String body, String apiKey) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode run(String base, String runId, String apiKey) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(base + "/v1/runs/" + runId))
            .header("Authorization", "Bearer " + apiKey)
            .build();
    return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }
}
