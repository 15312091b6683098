package dev.millrace.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.queue.internal.CronSchedule;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final RedisCommands<String, String> redis = TestRedis.redis();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private String name;
  private String base;
  private Queue queue;

  @BeforeEach
  void setUp() {
    name = TestRedis.randomQueueName();
    base = "bull:" + name + ":";
    queue = new Queue(TestRedis.client(), name);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    queue.close();
    TestRedis.deleteQueue(name);
  }

  @Test
  void everySchedulerRunsAtOnceAndThenEachPeriod() {
    queue.upsertJobScheduler(
        "tick", Schedule.every(Duration.ofMillis(300)), "tick", "{\"n\":1}", JobOptions.DEFAULT);
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    Worker w =
        new Worker(
            TestRedis.client(),
            name,
            job -> {
              ids.add(job.id());
              return job.data().get("n").asInt();
            },
            WorkerOptions.builder().drainDelay(Duration.ofMillis(200)).build());
    closeables.add(w.start());

    await().atMost(Duration.ofSeconds(10)).until(() -> ids.size() >= 3);
    List<Long> millis =
        ids.stream().map(id -> Long.parseLong(id.substring(id.lastIndexOf(':') + 1))).toList();
    assertThat(ids.getFirst()).startsWith("repeat:tick:");
    assertThat(millis.get(1) - millis.get(0)).isEqualTo(300);
    assertThat(millis.get(2) - millis.get(1)).isEqualTo(300);
    assertThat(redis.hget(base + "repeat:tick", "ic")).isNotNull();
    assertThat(redis.hget(base + ids.getFirst(), "rjk")).isEqualTo("tick");
  }

  @Test
  void replicasUpsertingTheSameSchedulerMakeOnePendingJob() throws Exception {
    int replicas = 4;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    List<Queue> queues = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < replicas; i++) {
        Queue q = new Queue(TestRedis.client(), name);
        queues.add(q);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return q.upsertJobScheduler(
                      "nightly", Schedule.cron("0 3 * * *"), "nightly", "{}", JobOptions.DEFAULT);
                }));
      }
      go.countDown();
      List<String> ids = new ArrayList<>();
      for (Future<String> f : results) {
        ids.add(f.get());
      }
      assertThat(ids).containsOnly(ids.getFirst());
    } finally {
      pool.shutdown();
      queues.forEach(Queue::close);
    }
    assertThat(queue.getJobCounts().get("delayed")).isEqualTo(1);
    assertThat(queue.getJobSchedulers()).containsOnlyKeys("nightly");
    long next = queue.getJobSchedulers().get("nightly");
    ZonedDateTime at =
        ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(next), ZoneOffset.UTC);
    assertThat(at.getHour()).isEqualTo(3);
    assertThat(at.getMinute()).isZero();
  }

  @Test
  void cronSchedulerIsStoredAsNodeStoresIt() {
    String id =
        queue.upsertJobScheduler(
            "c1",
            Schedule.cron("*/5 * * * *"),
            "cronjob",
            "{\"b\":2}",
            JobOptions.builder().attempts(2).build());
    assertThat(id).matches("repeat:c1:\\d+");
    long millis = Long.parseLong(id.substring("repeat:c1:".length()));
    assertThat(millis % 300_000).isZero();
    assertThat(redis.hgetall(base + "repeat:c1"))
        .containsEntry("name", "cronjob")
        .containsEntry("pattern", "*/5 * * * *")
        .containsEntry("data", "{\"b\":2}")
        .containsEntry("ic", "1")
        .containsKeys("offset", "opts");
    assertThat(redis.hget(base + id, "opts"))
        .contains("\"repeatJobKey\":\"c1\"")
        .contains("\"pattern\":\"*/5 * * * *\"")
        .contains("\"attempts\":2");
    assertThat(redis.zscore(base + "delayed", id)).isEqualTo(millis * 4096.0);
  }

  @Test
  void changedSchedulerReplacesItsPendingJobAndRemoveDeletesIt() {
    String first =
        queue.upsertJobScheduler("s", Schedule.cron("0 3 * * *"), "s", "{}", JobOptions.DEFAULT);
    String second =
        queue.upsertJobScheduler("s", Schedule.cron("0 4 * * *"), "s", "{}", JobOptions.DEFAULT);
    assertThat(second).isNotEqualTo(first);
    assertThat(redis.exists(base + first)).isZero();
    assertThat(redis.zrange(base + "delayed", 0, -1)).containsExactly(second);

    assertThat(queue.removeJobScheduler("s")).isTrue();
    assertThat(redis.exists(base + second, base + "repeat:s")).isZero();
    assertThat(queue.getJobSchedulers()).isEmpty();
    assertThat(queue.removeJobScheduler("s")).isFalse();
  }

  @Test
  void cronPatternsMatchClassicCron() {
    long saturdayNoon =
        ZonedDateTime.of(2026, 12, 5, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
    long next = new CronSchedule("0 9 * * MON-FRI").nextAfter(saturdayNoon, ZoneOffset.UTC);
    assertThat(ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(next), ZoneOffset.UTC))
        .isEqualTo(ZonedDateTime.of(2026, 12, 7, 9, 0, 0, 0, ZoneOffset.UTC));
    long tenSeconds =
        new CronSchedule("*/10 * * * * *").nextAfter(saturdayNoon + 1, ZoneOffset.UTC);
    assertThat(tenSeconds - saturdayNoon).isEqualTo(10_000);
    long firstOrMonday = new CronSchedule("0 0 1 * 1").nextAfter(saturdayNoon, ZoneOffset.UTC);
    assertThat(
            ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(firstOrMonday), ZoneOffset.UTC)
                .getDayOfMonth())
        .isEqualTo(7);
  }
}
