package dev.millrace.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real faults on a redis-server of the test's own: a killed worker process, a Redis restart. */
class FaultTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private OwnRedis server;
  private RedisClient client;
  private RedisCommands<String, String> redis;
  private String name;

  private void startServer(boolean persistent) throws Exception {
    server = OwnRedis.start(persistent);
    // reconnect quickly after an outage (Lettuce's default backs off up to 30 s)
    ClientResources resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(20),
                    Duration.ofMillis(500),
                    2,
                    java.util.concurrent.TimeUnit.MILLISECONDS))
            .build();
    client = RedisClient.create(resources, server.url());
    client.setOptions(ClientOptions.builder().autoReconnect(true).build());
    StatefulRedisConnection<String, String> c = client.connect();
    redis = c.sync();
  }

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(OwnRedis.available(), "needs /usr/bin/redis-server");
    name = TestRedis.randomQueueName();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    closeables.add(c);
    return c;
  }

  @Test
  void jobsOfAKilledWorkerProcessCompleteExactlyOnceAfterLockExpiry() throws Exception {
    startServer(false);
    Queue queue = closing(new Queue(client, name));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(queue.add("effect", "{\"hangJava\":true}"));
    }
    String effects = "effects:" + name;
    ChildProcess child =
        closing(ChildProcess.java(WorkerMain.class, server.url(), name, "4", "1000", effects));
    child.awaitLines("processing ", 4, Duration.ofSeconds(20));
    assertThat(redis.llen("bull:" + name + ":active")).isEqualTo(4);
    child.kill();

    List<String> stalled = Collections.synchronizedList(new ArrayList<>());
    Worker survivor =
        new Worker(
            client,
            name,
            job -> redis.hincrby(effects, job.id(), 1),
            WorkerOptions.builder()
                .concurrency(4)
                .lockDuration(Duration.ofSeconds(1))
                .stalledInterval(Duration.ofMillis(500))
                .drainDelay(Duration.ofMillis(200))
                .build());
    survivor.addListener(
        new WorkerListener() {
          @Override
          public void stalled(String jobId) {
            stalled.add(jobId);
          }
        });
    closing(survivor).start();

    await()
        .atMost(Duration.ofSeconds(20))
        .alias("all completed")
        .untilAsserted(
            () ->
                assertThat(queue.getJobCounts())
                    .as("counts; effects %s", redis.hgetall(effects))
                    .containsEntry("completed", 20L));
    Map<String, String> counts = redis.hgetall(effects);
    assertThat(counts).hasSize(20);
    assertThat(counts.values()).containsOnly("1");
    List<String> held =
        child.lines().stream()
            .filter(l -> l.startsWith("processing "))
            .map(l -> l.substring(11))
            .toList();
    assertThat(stalled).containsExactlyInAnyOrderElementsOf(held);
    assertThat(queue.getJobCounts()).containsEntry("active", 0L).containsEntry("waiting", 0L);
  }

  @Test
  void workersResumeAfterARedisRestartWithNoJobLostOrStuck() throws Exception {
    startServer(true);
    Queue queue = closing(new Queue(client, name));
    int total = 300;
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      jobs.add(NewJob.of("load", "{\"i\":" + i + "}"));
    }
    queue.addBulk(jobs);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    for (int w = 0; w < 2; w++) {
      Worker worker =
          new Worker(
              client,
              name,
              job -> {
                runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(5); // simulated work, so that the restart hits jobs in flight
                done.incrementAndGet();
                return null;
              },
              WorkerOptions.builder()
                  .concurrency(5)
                  .lockDuration(Duration.ofSeconds(2))
                  .stalledInterval(Duration.ofSeconds(1))
                  .drainDelay(Duration.ofMillis(300))
                  .build());
      closing(worker).start();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> done.get() >= 60);
    server.kill();
    server.restart();

    await()
        .atMost(Duration.ofSeconds(40))
        .ignoreExceptions()
        .until(
            () -> {
              Map<String, Long> c = queue.getJobCounts();
              return c.get("completed") == total && c.get("active") == 0 && c.get("waiting") == 0;
            });
    assertThat(runs).hasSize(total);
    assertThat(redis.llen("bull:" + name + ":active")).isZero();
  }
}
