package dev.millrace.cli;

import static dev.millrace.cli.MillraceCommandIT.millrace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.FlowReader;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code millrace queue ...} against the real Redis, as an operator types it. */
class QueueCommandIT {
  static final String REDIS =
      System.getenv().getOrDefault("MILLRACE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  final String queue = "cli-" + UUID.randomUUID();

  JsonNode queue(String... args) throws Exception {
    var full = new String[args.length + 5];
    full[0] = "queue";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--redis";
    full[args.length + 2] = REDIS;
    full[args.length + 3] = "--queue";
    full[args.length + 4] = queue;
    MillraceCommandIT.Outcome outcome = millrace(Map.of(), full);
    assertThat(outcome.exit()).as(outcome.err()).isZero();
    return FlowReader.JSON.readTree(outcome.out());
  }

  @Test
  void addCountsListsPausesAndObliterates() throws Exception {
    queue(
        "add",
        "--name",
        "n",
        "--data",
        "{\"a\":1}",
        "--delay",
        "5000",
        "--priority",
        "3",
        "--attempts",
        "3",
        "--backoff",
        "exponential:1000");
    String id =
        queue("add", "--name", "n", "--data", "{\"b\":2}", "--id", "custom-1").get("id").asText();
    assertThat(id).isEqualTo("custom-1");

    JsonNode counts = queue("counts");
    assertThat(counts.get("delayed").asInt()).isEqualTo(1);
    assertThat(counts.get("waiting").asInt()).isEqualTo(1);
    assertThat(counts.has("completed")).isTrue();

    JsonNode delayed = queue("jobs", "--state", "delayed");
    assertThat(delayed.get(0).get("data").asText()).isEqualTo("{\"a\":1}");

    assertThat(queue("pause").get("paused").asBoolean()).isTrue();
    assertThat(queue("resume").get("paused").asBoolean()).isFalse();
    assertThat(queue("obliterate", "--force").get("obliterated").asBoolean()).isTrue();
    assertThat(queue("counts").get("waiting").asInt()).isZero();
  }

  @Test
  void badInputIsRefusedWithAClearMessage() throws Exception {
    MillraceCommandIT.Outcome bad =
        millrace(
            Map.of(), "queue", "add", "--redis", REDIS, "--queue", queue, "--name", "n", "--data",
            "{nope");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--data is not valid JSON");
  }
}
