package dev.millrace.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerTest {
  private final RedisCommands<String, String> redis = TestRedis.redis();
  private final List<Worker> workers = new ArrayList<>();
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
  void tearDown() {
    workers.forEach(w -> w.close(Duration.ofSeconds(5)));
    queue.close();
    TestRedis.deleteQueue(name);
  }

  private Worker worker(Processor processor, WorkerOptions.Builder options) {
    Worker w = new Worker(TestRedis.client(), name, processor, options.build());
    workers.add(w);
    return w.start();
  }

  private Worker worker(Processor processor) {
    return worker(processor, WorkerOptions.builder().drainDelay(Duration.ofMillis(500)));
  }

  private List<Map<String, String>> events() {
    return redis.xrange(base + "events", Range.create("-", "+")).stream()
        .map(StreamMessage::getBody)
        .toList();
  }

  private void awaitState(String jobId, JobState state) {
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.getState(jobId).orElse(null) == state);
  }

  @Test
  void completedJobStoresReturnValueAndEvents() {
    String id = queue.add("std", "{\"a\":1}");
    worker(job -> new java.util.TreeMap<>(Map.of("ok", true, "a", job.data().get("a").asInt())));

    awaitState(id, JobState.COMPLETED);
    Map<String, String> hash = redis.hgetall(base + id);
    assertThat(hash)
        .containsEntry("returnvalue", "{\"a\":1,\"ok\":true}")
        .containsEntry("atm", "1")
        .containsEntry("ats", "1")
        .containsKeys("processedOn", "finishedOn");
    assertThat(redis.llen(base + "active")).isZero();
    assertThat(redis.exists(base + id + ":lock")).isZero();
    assertThat(events()).contains(Map.of("event", "drained"));
    assertThat(events())
        .contains(
            Map.of("event", "active", "jobId", id, "prev", "waiting"),
            Map.of(
                "event",
                "completed",
                "jobId",
                id,
                "returnvalue",
                "{\"a\":1,\"ok\":true}",
                "prev",
                "active"));
  }

  @Test
  void runsUpToConcurrencyJobsAtOnce() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 12; i++) {
      queue.add("c", "{}");
    }
    worker(
        job -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          release.await(10, TimeUnit.SECONDS);
          running.decrementAndGet();
          return null;
        },
        WorkerOptions.builder().concurrency(4).drainDelay(Duration.ofMillis(500)));

    await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 4);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.getJobCounts().get("completed") == 12);
    assertThat(peak.get()).isEqualTo(4);
  }

  @Test
  void failingTwiceThenSucceedingRetriesWithBackoff() {
    String id =
        queue.add(
            "r",
            "{}",
            JobOptions.builder().attempts(3).backoff(Backoff.fixed(Duration.ofMillis(50))).build());
    AtomicInteger calls = new AtomicInteger();
    List<Boolean> willRetry = Collections.synchronizedList(new ArrayList<>());
    worker(
            job -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("boom " + job.attemptsMade());
              }
              return "done";
            })
        .addListener(
            new WorkerListener() {
              @Override
              public void failed(Job job, Throwable error, boolean retry) {
                willRetry.add(retry);
              }
            });

    awaitState(id, JobState.COMPLETED);
    Map<String, String> hash = redis.hgetall(base + id);
    assertThat(hash).containsEntry("atm", "3").containsEntry("ats", "3");
    assertThat(hash)
        .containsEntry("returnvalue", "\"done\"")
        .containsEntry("failedReason", "boom 1");
    assertThat(willRetry).containsExactly(true, true);
    assertThat(events().stream().filter(e -> "delayed".equals(e.get("event")))).hasSize(2);
  }

  @Test
  void exhaustedAttemptsFailWithReasonAndStacktraces() {
    String id =
        queue.add(
            "f",
            "{}",
            JobOptions.builder()
                .attempts(2)
                .backoff(Backoff.exponential(Duration.ofMillis(20)))
                .build());
    worker(
        job -> {
          throw new IllegalStateException("boom " + job.attemptsMade());
        });

    awaitState(id, JobState.FAILED);
    Job job = queue.getJob(id).orElseThrow();
    assertThat(job.failedReason()).isEqualTo("boom 1");
    assertThat(job.attemptsMade()).isEqualTo(2);
    assertThat(job.stacktrace()).hasSize(2);
    assertThat(job.stacktrace().get(0)).contains("boom 0");
    assertThat(events())
        .contains(
            Map.of("event", "failed", "jobId", id, "failedReason", "boom 1", "prev", "active"),
            Map.of("event", "retries-exhausted", "jobId", id, "attemptsMade", "2"));
  }

  @Test
  void unrecoverableErrorSkipsRemainingAttempts() {
    String id = queue.add("u", "{}", JobOptions.builder().attempts(5).build());
    worker(
        job -> {
          throw new UnrecoverableError("do not retry");
        });

    awaitState(id, JobState.FAILED);
    assertThat(redis.hget(base + id, "atm")).isEqualTo("1");
    assertThat(redis.hget(base + id, "failedReason")).isEqualTo("do not retry");
  }

  @Test
  void invalidDataFailsThatJobAndTheWorkerCarriesOn() {
    redis.hset(
        base + "bad-1",
        Map.of("name", "x", "data", "{not json", "opts", "{}", "timestamp", "1", "delay", "0"));
    redis.lpush(base + "wait", "bad-1");
    String good = queue.add("ok", "{}");
    worker(job -> "fine");

    awaitState(good, JobState.COMPLETED);
    awaitState("bad-1", JobState.FAILED);
    assertThat(redis.hget(base + "bad-1", "failedReason")).contains("invalid data JSON");
  }

  @Test
  void delayedJobRunsOnlyWhenDue() {
    String id = queue.add("d", "{}", JobOptions.builder().delay(Duration.ofMillis(400)).build());
    worker(job -> null);

    awaitState(id, JobState.COMPLETED);
    Job job = queue.getJob(id).orElseThrow();
    assertThat(job.processedOn()).isGreaterThanOrEqualTo(job.timestamp() + 400);
    assertThat(job.delay()).isZero();
  }

  @Test
  void prioritizedJobsRunLowestPriorityFirstAndLifoJumpsTheLine() {
    queue.pause();
    queue.add("w1", "{}");
    queue.add("w2", "{}");
    queue.add("lifo", "{}", JobOptions.builder().lifo(true).build());
    queue.add("p3", "{}", JobOptions.builder().priority(3).build());
    queue.add("p1", "{}", JobOptions.builder().priority(1).build());
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    worker(
        job -> {
          order.add(job.name());
          return null;
        });
    queue.resume();

    await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 5);
    assertThat(order).containsExactly("lifo", "w1", "w2", "p1", "p3");
  }

  @Test
  void removeOnCompleteDeletesOrTrimsFinishedJobs() {
    String gone = queue.add("x", "{}", JobOptions.builder().removeOnComplete(true).build());
    worker(job -> null, WorkerOptions.builder().removeOnComplete(KeepJobs.newest(2)));
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(base + gone) == 0);
    for (int i = 0; i < 4; i++) {
      queue.add("y", "{}");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queue.getJobCounts().get("waiting") == 0 && redis.llen(base + "active") == 0);
    assertThat(redis.zrange(base + "completed", 0, -1)).containsExactly("4", "5");
    assertThat(redis.exists(base + "2", base + "3")).isZero();
  }

  @Test
  void progressAndLogsAreStoredAndAnnounced() {
    String id = queue.add("p", "{}", JobOptions.builder().keepLogs(2).build());
    worker(
        job -> {
          job.updateProgress(42);
          job.updateProgress(Map.of("step", 2));
          job.log("one");
          job.log("two");
          job.log("three");
          return null;
        });

    awaitState(id, JobState.COMPLETED);
    assertThat(redis.hget(base + id, "progress")).isEqualTo("{\"step\":2}");
    assertThat(queue.getJobLogs(id)).containsExactly("two", "three");
    assertThat(events()).contains(Map.of("event", "progress", "jobId", id, "data", "42"));
  }

  @Test
  void pausedQueueIsNotProcessedUntilResumed() {
    queue.pause();
    String id = queue.add("p", "{}");
    AtomicInteger calls = new AtomicInteger();
    worker(
        job -> {
          calls.incrementAndGet();
          return null;
        });

    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> calls.get() == 0);
    queue.resume();
    awaitState(id, JobState.COMPLETED);
  }

  @Test
  void jobOfADeadWorkerIsRecoveredAfterItsLockExpires() {
    String id = queue.add("s", "{}");
    // a worker that died holding the job: active, with a lock nobody renews
    redis.rpoplpush(base + "wait", base + "active");
    redis.psetex(base + id + ":lock", 300, "dead-worker:1");
    List<String> stalled = Collections.synchronizedList(new ArrayList<>());
    worker(
            job -> "recovered",
            WorkerOptions.builder()
                .stalledInterval(Duration.ofMillis(400))
                .drainDelay(Duration.ofMillis(300)))
        .addListener(
            new WorkerListener() {
              @Override
              public void stalled(String jobId) {
                stalled.add(jobId);
              }
            });

    awaitState(id, JobState.COMPLETED);
    assertThat(stalled).containsExactly(id);
    assertThat(redis.hget(base + id, "stc")).isEqualTo("1");
    assertThat(events()).contains(Map.of("event", "stalled", "jobId", id));
  }

  @Test
  void jobStalledTooOftenFailsWithDeferredReason() {
    String id = queue.add("s", "{}", JobOptions.builder().attempts(3).build());
    redis.hset(base + id, "stc", "1");
    redis.rpoplpush(base + "wait", base + "active");
    AtomicInteger calls = new AtomicInteger();
    worker(
        job -> {
          calls.incrementAndGet();
          return null;
        },
        WorkerOptions.builder()
            .stalledInterval(Duration.ofMillis(300))
            .drainDelay(Duration.ofMillis(300)));

    awaitState(id, JobState.FAILED);
    assertThat(redis.hget(base + id, "failedReason"))
        .isEqualTo("job stalled more than allowable limit");
    assertThat(redis.hexists(base + id, "defa")).isFalse();
    assertThat(calls.get()).isZero();
  }

  @Test
  void closeLetsInFlightJobsFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String id = queue.add("slow", "{}");
    Worker w =
        worker(
            job -> {
              started.countDown();
              release.await(10, TimeUnit.SECONDS);
              return "finished";
            });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.ofVirtual().start(release::countDown);

    assertThat(w.close(Duration.ofSeconds(5))).isTrue();
    assertThat(queue.getState(id)).contains(JobState.COMPLETED);
    String next = queue.add("after-close", "{}");
    await()
        .during(Duration.ofMillis(500))
        .until(() -> queue.getState(next).orElseThrow() == JobState.WAITING);
  }

  @Test
  void globalConcurrencyCapsActiveJobsAcrossWorkers() {
    queue.setGlobalConcurrency(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    for (int i = 0; i < 6; i++) {
      queue.add("g", "{}");
    }
    Processor p =
        job -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(30); // simulated work
          running.decrementAndGet();
          return null;
        };
    worker(p, WorkerOptions.builder().concurrency(3).drainDelay(Duration.ofMillis(200)));
    worker(p, WorkerOptions.builder().concurrency(3).drainDelay(Duration.ofMillis(200)));

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.getJobCounts().get("completed") == 6);
    assertThat(peak.get()).isEqualTo(1);
  }

  @Test
  void globalRateLimitSpreadsJobsOverTime() {
    queue.setGlobalRateLimit(2, Duration.ofMillis(500));
    for (int i = 0; i < 6; i++) {
      queue.add("r", "{}");
    }
    Map<String, Long> startedAt = new ConcurrentHashMap<>();
    worker(
        job -> {
          startedAt.put(job.id(), System.currentTimeMillis());
          return null;
        },
        WorkerOptions.builder().concurrency(6).drainDelay(Duration.ofMillis(200)));

    await().atMost(Duration.ofSeconds(10)).until(() -> startedAt.size() == 6);
    long spread = Collections.max(startedAt.values()) - Collections.min(startedAt.values());
    assertThat(spread).isGreaterThanOrEqualTo(900);
  }

  @Test
  void workerLevelRateLimitIsHonored() {
    for (int i = 0; i < 4; i++) {
      queue.add("r", "{}");
    }
    Map<String, Long> startedAt = new ConcurrentHashMap<>();
    worker(
        job -> {
          startedAt.put(job.id(), System.currentTimeMillis());
          return null;
        },
        WorkerOptions.builder()
            .concurrency(4)
            .limiter(new RateLimit(2, Duration.ofMillis(500)))
            .drainDelay(Duration.ofMillis(200)));

    await().atMost(Duration.ofSeconds(10)).until(() -> startedAt.size() == 4);
    long spread = Collections.max(startedAt.values()) - Collections.min(startedAt.values());
    assertThat(spread).isGreaterThanOrEqualTo(400);
  }

  @Test
  void hashTaggedPrefixWorksEndToEnd() {
    try (Queue tagged = new Queue(TestRedis.client(), name, "{mr}")) {
      String id = tagged.add("t", "{}");
      Worker w =
          new Worker(TestRedis.client(), name, "{mr}", job -> "tagged", WorkerOptions.DEFAULT);
      workers.add(w.start());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> tagged.getState(id).orElseThrow() == JobState.COMPLETED);
      assertThat(redis.hget("{mr}:" + name + ":" + id, "returnvalue")).isEqualTo("\"tagged\"");
    } finally {
      workers.forEach(w -> w.close(Duration.ofSeconds(5)));
      TestRedis.deleteQueue("{mr}", name);
    }
  }

  @Test
  void customBackoffTypeUsesTheWorkersStrategy() {
    String id =
        queue.add(
            "c",
            "{}",
            JobOptions.builder()
                .attempts(3)
                .backoff(new Backoff("linear", Duration.ofMillis(10), 0))
                .build());
    List<Integer> asked = Collections.synchronizedList(new ArrayList<>());
    worker(
        job -> {
          throw new IllegalStateException("again");
        },
        WorkerOptions.builder()
            .drainDelay(Duration.ofMillis(200))
            .backoffStrategy(
                (attempts, type, error, job) -> {
                  asked.add(attempts);
                  return type.equals("linear") ? attempts * 20L : -1;
                }));

    awaitState(id, JobState.FAILED);
    assertThat(asked).containsExactly(1, 2);
    assertThat(redis.hget(base + id, "atm")).isEqualTo("3");
  }

  @Test
  void jobStartedTooOftenFailsAtOnce() {
    String id = queue.add("loop", "{}", JobOptions.builder().attempts(5).build());
    redis.hset(base + id, "ats", "3");
    AtomicInteger calls = new AtomicInteger();
    worker(
        job -> {
          calls.incrementAndGet();
          return null;
        },
        WorkerOptions.builder().drainDelay(Duration.ofMillis(200)).maxStartedAttempts(3));

    awaitState(id, JobState.FAILED);
    assertThat(redis.hget(base + id, "failedReason"))
        .isEqualTo("job started more than allowable limit");
    assertThat(calls.get()).isZero();
  }
}
