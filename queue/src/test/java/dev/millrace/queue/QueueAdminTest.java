package dev.millrace.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueAdminTest {
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

  private Worker startWorker(Processor p) {
    Worker w =
        new Worker(
            TestRedis.client(),
            name,
            p,
            WorkerOptions.builder().drainDelay(Duration.ofMillis(300)).build());
    closeables.add(w);
    return w.start();
  }

  private QueueEvents events() {
    QueueEvents e = new QueueEvents(TestRedis.client(), name);
    closeables.add(e);
    return e.start();
  }

  @Test
  void countsUseBullmqStateNames() {
    queue.add("w", "{}");
    queue.add("d", "{}", JobOptions.builder().delay(Duration.ofHours(1)).build());
    queue.add("p", "{}", JobOptions.builder().priority(1).build());
    assertThat(queue.getJobCounts())
        .containsOnlyKeys(
            "waiting",
            "active",
            "delayed",
            "prioritized",
            "completed",
            "failed",
            "waiting-children")
        .containsEntry("waiting", 1L)
        .containsEntry("delayed", 1L)
        .containsEntry("prioritized", 1L)
        .containsEntry("active", 0L);
  }

  @Test
  void jobsAreListedByStateInRunOrder() {
    queue.add("first", "{}");
    queue.add("second", "{}");
    queue.add("urgent", "{}", JobOptions.builder().lifo(true).build());
    assertThat(queue.getJobs(JobState.WAITING, 0, -1))
        .extracting(Job::name)
        .containsExactly("urgent", "first", "second");
    assertThat(queue.getJobs(JobState.WAITING, 1, 1))
        .extracting(Job::name)
        .containsExactly("first");
    assertThat(queue.getState("1")).contains(JobState.WAITING);
    assertThat(queue.getState("nope")).isEmpty();
  }

  @Test
  void removedJobLeavesNoKeysAndIsAnnounced() {
    String id = queue.add("r", "{}");
    redis.rpush(base + id + ":logs", "line");
    assertThat(queue.remove(id)).isTrue();
    assertThat(redis.exists(base + id, base + id + ":logs")).isZero();
    assertThat(redis.llen(base + "wait")).isZero();
    assertThat(queue.remove(id)).isFalse();
  }

  @Test
  void activeJobCannotBeRemoved() {
    String id = queue.add("r", "{}");
    redis.rpoplpush(base + "wait", base + "active");
    redis.set(base + id + ":lock", "someone");
    assertThat(queue.remove(id)).isFalse();
    assertThat(redis.exists(base + id)).isOne();
  }

  @Test
  void failedJobsCanBeRetriedOneOrAll() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    startWorker(
        job -> {
          calls.add(job.id());
          if (calls.stream().filter(job.id()::equals).count() == 1) {
            throw new IllegalStateException("first time fails");
          }
          return "ok";
        });
    String a = queue.add("a", "{}");
    String b = queue.add("b", "{}");
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.getJobCounts().get("failed") == 2);

    queue.retryJob(a);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.getState(a).orElseThrow() == JobState.COMPLETED);
    assertThat(queue.retryFailed()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.getState(b).orElseThrow() == JobState.COMPLETED);
    assertThat(queue.getJob(b).orElseThrow().failedReason()).isNull();
    assertThatThrownBy(() -> queue.retryJob(b)).isInstanceOf(QueueException.class);
  }

  @Test
  void cleanDeletesOldJobsOfOneState() {
    queue.add(
        "old", "{}", JobOptions.builder().timestamp(System.currentTimeMillis() - 60_000).build());
    queue.add("new", "{}");
    List<String> cleaned = queue.clean(Duration.ofSeconds(30), 0, JobState.WAITING);
    assertThat(cleaned).containsExactly("1");
    assertThat(queue.getJobs(JobState.WAITING, 0, -1)).extracting(Job::name).containsExactly("new");

    startWorker(job -> null);
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.getJobCounts().get("completed") == 1);
    assertThat(queue.clean(Duration.ofHours(1), 0, JobState.COMPLETED)).isEmpty();
    assertThat(queue.clean(Duration.ZERO, 0, JobState.COMPLETED)).containsExactly("2");
    assertThat(redis.exists(base + "2")).isZero();
  }

  @Test
  void obliterateDeletesTheWholeQueueButRespectsActiveJobs() {
    for (int i = 0; i < 5; i++) {
      queue.add("x", "{}", JobOptions.builder().deduplication(Deduplication.of("d" + i)).build());
    }
    queue.add("d", "{}", JobOptions.builder().delay(Duration.ofHours(1)).build());
    redis.rpoplpush(base + "wait", base + "active");

    assertThatThrownBy(() -> queue.obliterate(false)).isInstanceOf(QueueException.class);
    queue.obliterate(true);
    assertThat(redis.keys(base + "*")).isEmpty();
  }

  @Test
  void waitUntilFinishedReturnsTheValueOrTheFailure() throws Exception {
    QueueEvents events = events();
    List<QueueEvent> seen = Collections.synchronizedList(new ArrayList<>());
    events.addListener(seen::add);
    startWorker(
        job -> {
          if (job.name().equals("bad")) {
            throw new UnrecoverableError("nope");
          }
          job.updateProgress(7);
          return List.of(1, 2);
        });

    String ok = queue.add("good", "{}");
    assertThat(events.waitUntilFinished(ok, Duration.ofSeconds(5))).isEqualTo("[1,2]");
    // already finished: answered from the job hash
    assertThat(events.waitUntilFinished(ok, Duration.ofSeconds(1))).isEqualTo("[1,2]");
    String bad = queue.add("bad", "{}");
    assertThatThrownBy(() -> events.waitUntilFinished(bad, Duration.ofSeconds(5)))
        .isInstanceOf(JobFailedException.class)
        .hasMessage("nope");
    queue.pause();
    String never = queue.add("never", "{}");
    assertThatThrownBy(() -> events.waitUntilFinished(never, Duration.ofMillis(300)))
        .isInstanceOf(TimeoutException.class);

    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(seen)
                    .extracting(QueueEvent::event)
                    .contains(
                        "added", "waiting", "active", "progress", "completed", "failed", "paused"));
  }

  @Test
  void promoteMakesADelayedJobReadyNow() {
    String id = queue.add("later", "{}", JobOptions.builder().delay(Duration.ofHours(1)).build());
    queue.promote(id);
    assertThat(queue.getState(id)).contains(JobState.WAITING);
    assertThat(redis.hget(base + id, "delay")).isEqualTo("0");
    assertThat(redis.zscore(base + "marker", "0")).isZero();
    assertThatThrownBy(() -> queue.promote(id)).isInstanceOf(QueueException.class);
  }

  @Test
  void drainDeletesWaitingJobsAndOptionallyDelayedOnes() {
    queue.add("w", "{}");
    queue.add("p", "{}", JobOptions.builder().priority(2).build());
    String later = queue.add("d", "{}", JobOptions.builder().delay(Duration.ofHours(1)).build());
    assertThat(queue.drain(false)).isEqualTo(2);
    assertThat(queue.getState(later)).contains(JobState.DELAYED);
    assertThat(queue.drain(true)).isEqualTo(1);
    assertThat(queue.getJobCounts().values()).containsOnly(0L);
    assertThat(redis.exists(base + later)).isZero();
  }

  @Test
  void resumeMergesALegacyV5PausedListIntoWait() {
    queue.add("new", "{}");
    redis.hset(base + "old-1", Map.of("name", "old", "data", "{}", "opts", "{}", "timestamp", "1"));
    redis.rpush(base + "paused", "old-1");
    queue.pause();
    queue.resume();
    assertThat(redis.exists(base + "paused")).isZero();
    assertThat(queue.getJobs(JobState.WAITING, 0, -1))
        .extracting(Job::id)
        .containsExactly("old-1", "1");
  }

  @Test
  void legacyMarkersInWaitAreSkipped() {
    redis.rpush(base + "wait", "0:123");
    String id = queue.add("real", "{}");
    redis.rpush(base + "wait", "0:0");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    startWorker(
        job -> {
          seen.add(job.id());
          return null;
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(id));
    assertThat(seen).containsExactly(id);
    assertThat(redis.llen(base + "wait")).isZero();
    assertThat(redis.llen(base + "active")).isZero();
  }

  @Test
  void priorityAndDelayCanBeChanged() {
    String w = queue.add("w", "{}");
    queue.changePriority(w, 7, false);
    assertThat(queue.getState(w)).contains(JobState.PRIORITIZED);
    assertThat(redis.hget(base + w, "priority")).isEqualTo("7");
    queue.changePriority(w, 0, false);
    assertThat(queue.getState(w)).contains(JobState.WAITING);

    String d = queue.add("d", "{}", JobOptions.builder().delay(Duration.ofHours(1)).build());
    long before = System.currentTimeMillis();
    queue.changeDelay(d, Duration.ofSeconds(10));
    double score = redis.zscore(base + "delayed", d);
    assertThat((long) (score / 4096))
        .isBetween(before + 10_000, System.currentTimeMillis() + 10_000);
    assertThat(redis.hget(base + d, "delay")).isEqualTo("10000");
    assertThatThrownBy(() -> queue.changeDelay(w, Duration.ZERO))
        .isInstanceOf(QueueException.class);
    assertThatThrownBy(() -> queue.changePriority("nope", 1, false))
        .isInstanceOf(QueueException.class);
  }
}
