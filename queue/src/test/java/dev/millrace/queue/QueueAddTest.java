package dev.millrace.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueAddTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RedisCommands<String, String> redis = TestRedis.redis();
  private String name;
  private Queue queue;
  private String base;

  @BeforeEach
  void setUp() {
    name = TestRedis.randomQueueName();
    queue = new Queue(TestRedis.client(), name);
    base = "bull:" + name + ":";
  }

  @AfterEach
  void tearDown() {
    queue.close();
    TestRedis.deleteQueue(name);
  }

  private List<Map<String, String>> events() {
    return redis.xrange(base + "events", io.lettuce.core.Range.create("-", "+")).stream()
        .map(StreamMessage::getBody)
        .toList();
  }

  private static void assertJsonEquals(String actual, String expected) throws Exception {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void standardJobIsStoredAsNodeStoresIt() throws Exception {
    String id = queue.add("std", "{\"a\":1}", JobOptions.builder().timestamp(1000L).build());

    assertThat(id).isEqualTo("1");
    Map<String, String> hash = redis.hgetall(base + "1");
    assertThat(hash)
        .containsEntry("name", "std")
        .containsEntry("data", "{\"a\":1}")
        .containsEntry("timestamp", "1000")
        .containsEntry("delay", "0")
        .containsEntry("priority", "0");
    assertJsonEquals(hash.get("opts"), "{\"attempts\":0}");
    assertThat(redis.lrange(base + "wait", 0, -1)).containsExactly("1");
    assertThat(redis.zrangeWithScores(base + "marker", 0, -1))
        .containsExactly(ScoredValue.just(0, "0"));
    assertThat(redis.hget(base + "meta", "opts.maxLenEvents")).isEqualTo("10000");
    assertThat(events())
        .containsExactly(
            Map.of("event", "added", "jobId", "1", "name", "std"),
            Map.of("event", "waiting", "jobId", "1"));
  }

  @Test
  void autoIdsIncrementAndFifoOrderIsKept() {
    queue.add("a", "{}");
    queue.add("b", "{}");
    // consumers pop from the right: the oldest job is the last element
    assertThat(redis.lrange(base + "wait", 0, -1)).containsExactly("2", "1");
  }

  @Test
  void lifoJobGoesToTheFront() {
    queue.add("a", "{}");
    queue.add("b", "{}", JobOptions.builder().lifo(true).build());
    assertThat(redis.lrange(base + "wait", 0, -1)).containsExactly("1", "2");
    assertThat(redis.hget(base + "2", "opts")).contains("\"lifo\":true");
  }

  @Test
  void delayedJobScoreIsReadyTimeTimes4096PlusSequence() throws Exception {
    long ts = 1796313675957L;
    JobOptions opts = JobOptions.builder().timestamp(ts).delay(Duration.ofMinutes(1)).build();
    queue.add("d", "{}", opts);
    queue.add("d", "{}", opts);

    long ready = ts + 60_000;
    assertThat(redis.zrangeWithScores(base + "delayed", 0, -1))
        .containsExactly(
            ScoredValue.just(ready * 4096.0, "1"), ScoredValue.just(ready * 4096.0 + 1, "2"));
    assertThat(redis.zscore(base + "marker", "1")).isEqualTo((double) ready);
    assertThat(redis.hget(base + "1", "delay")).isEqualTo("60000");
    assertJsonEquals(redis.hget(base + "1", "opts"), "{\"delay\":60000,\"attempts\":0}");
    assertThat(events())
        .contains(Map.of("event", "delayed", "jobId", "1", "delay", Long.toString(ready)));
    assertThat(redis.llen(base + "wait")).isZero();
  }

  @Test
  void prioritizedJobScoreIsPriorityTimes2Pow32PlusCounter() {
    queue.add("p", "{}", JobOptions.builder().priority(5).build());
    queue.add("p", "{}", JobOptions.builder().priority(5).build());

    assertThat(redis.zrangeWithScores(base + "prioritized", 0, -1))
        .containsExactly(
            ScoredValue.just(5 * 4294967296.0 + 1, "1"),
            ScoredValue.just(5 * 4294967296.0 + 2, "2"));
    assertThat(redis.hget(base + "1", "priority")).isEqualTo("5");
    assertThat(redis.get(base + "pc")).isEqualTo("2");
    assertThat(redis.zscore(base + "marker", "0")).isZero();
  }

  @Test
  void optionsUseNodeNamesAndShapes() throws Exception {
    queue.add(
        "o",
        "{}",
        JobOptions.builder()
            .jobId("my-id")
            .attempts(3)
            .backoff(Backoff.exponential(Duration.ofMillis(100)))
            .build());
    // Node increments the id counter for custom ids too: the next auto id is 2
    assertJsonEquals(
        redis.hget(base + "my-id", "opts"),
        "{\"jobId\":\"my-id\",\"backoff\":{\"delay\":100,\"type\":\"exponential\"},\"attempts\":3}");

    queue.add(
        "o",
        "{}",
        JobOptions.builder()
            .keepLogs(5)
            .lifo(true)
            .attempts(2)
            .backoff(Backoff.fixed(Duration.ofMillis(50)))
            .build());
    assertJsonEquals(
        redis.hget(base + "2", "opts"),
        "{\"kl\":5,\"lifo\":true,\"backoff\":{\"delay\":50,\"type\":\"fixed\"},\"attempts\":2}");

    queue.add(
        "o",
        "{}",
        JobOptions.builder()
            .removeOnFail(KeepJobs.of(Duration.ofHours(1), 10))
            .priority(5)
            .removeOnComplete(true)
            .build());
    assertJsonEquals(
        redis.hget(base + "3", "opts"),
        "{\"removeOnFail\":{\"age\":3600,\"count\":10},\"priority\":5,"
            + "\"removeOnComplete\":true,\"attempts\":0}");

    queue.add(
        "o",
        "{}",
        JobOptions.builder()
            .deduplication(Deduplication.of("dd1", Duration.ofSeconds(5)))
            .backoff(Backoff.exponential(Duration.ofMillis(10)).withJitter(0.5))
            .build());
    assertJsonEquals(
        redis.hget(base + "4", "opts"),
        "{\"de\":{\"id\":\"dd1\",\"ttl\":5000},"
            + "\"backoff\":{\"delay\":10,\"type\":\"exponential\",\"jitter\":0.5},\"attempts\":0}");
  }

  @Test
  void existingCustomIdIsNotAddedTwice() {
    assertThat(queue.add("c", "{\"v\":1}", JobOptions.builder().jobId("order-7").build()))
        .isEqualTo("order-7");
    assertThat(queue.add("c", "{\"v\":2}", JobOptions.builder().jobId("order-7").build()))
        .isEqualTo("order-7");

    assertThat(redis.hget(base + "order-7", "data")).isEqualTo("{\"v\":1}");
    assertThat(redis.llen(base + "wait")).isEqualTo(1);
    assertThat(events()).contains(Map.of("event", "duplicated", "jobId", "order-7"));
  }

  @Test
  void customIdsAreValidatedAsNodeDoes() {
    for (String bad : List.of("123", "0", "0:x", "a:b", "-4")) {
      assertThatThrownBy(() -> JobOptions.builder().jobId(bad).build())
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String good : List.of("007", "a:b:c", "job-1", "1.5")) {
      assertThat(JobOptions.builder().jobId(good).build().jobId()).isEqualTo(good);
    }
    assertThatThrownBy(() -> JobOptions.builder().priority(2_097_152).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.add("x", "{not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deduplicatedJobReturnsTheFirstJobsId() {
    JobOptions opts =
        JobOptions.builder().deduplication(Deduplication.of("dd1", Duration.ofSeconds(5))).build();
    String first = queue.add("d", "{}", opts);
    String second = queue.add("d", "{}", opts);

    assertThat(second).isEqualTo(first);
    assertThat(redis.get(base + "de:dd1")).isEqualTo(first);
    assertThat(redis.pttl(base + "de:dd1")).isBetween(1L, 5000L);
    assertThat(redis.hget(base + first, "deid")).isEqualTo("dd1");
    assertThat(redis.llen(base + "wait")).isEqualTo(1);
    assertThat(events())
        .contains(
            Map.of(
                "event", "deduplicated",
                "jobId", first,
                "deduplicationId", "dd1",
                "deduplicatedJobId", "2"));
  }

  @Test
  void jobAddedWhilePausedGetsNoMarker() {
    queue.pause();
    queue.add("p", "{}");
    assertThat(redis.exists(base + "marker")).isZero();
    assertThat(redis.lrange(base + "wait", 0, -1)).containsExactly("1");
    queue.resume();
    assertThat(redis.zscore(base + "marker", "0")).isZero();
  }

  @Test
  void addBulkPipelinesAndKeepsOrder() {
    List<NewJob> jobs = new ArrayList<>();
    IntStream.range(0, 200).forEach(i -> jobs.add(NewJob.of("bulk", "{\"i\":" + i + "}")));
    List<String> ids = queue.addBulk(jobs);

    assertThat(ids).hasSize(200).first().isEqualTo("1");
    assertThat(ids.getLast()).isEqualTo("200");
    assertThat(redis.hget(base + "200", "data")).isEqualTo("{\"i\":199}");
    assertThat(queue.getJobCounts()).containsEntry("waiting", 200L);
  }

  @Test
  void hashTagPrefixKeepsAllKeysTogether() {
    try (Queue tagged = new Queue(TestRedis.client(), name, "{mr}")) {
      tagged.add("t", "{}");
      assertThat(redis.exists("{mr}:" + name + ":1", "{mr}:" + name + ":wait")).isEqualTo(2);
    } finally {
      TestRedis.deleteQueue("{mr}", name);
    }
  }
}
