package dev.millrace.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A processor can read the token of the lock it holds (what an app records as a run's lease). */
class LockTokenTest {
  private final RedisCommands<String, String> redis = TestRedis.redis();
  private String name;
  private Queue queue;
  private Worker worker;

  @BeforeEach
  void setUp() {
    name = TestRedis.randomQueueName();
    queue = new Queue(TestRedis.client(), name);
  }

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.close(Duration.ofSeconds(5));
    }
    queue.close();
    TestRedis.deleteQueue(name);
  }

  @Test
  void aProcessedJobExposesTheTokenOfItsLock() {
    var seen = new CompletableFuture<Map<String, String>>();
    String id = queue.add("t", "{}");
    worker =
        new Worker(
                TestRedis.client(),
                name,
                job -> {
                  String inRedis = redis.get("bull:" + name + ":" + job.id() + ":lock");
                  seen.complete(Map.of("token", job.lockToken(), "redis", inRedis));
                  return null;
                },
                WorkerOptions.builder().drainDelay(Duration.ofMillis(500)).build())
            .start();

    await().atMost(Duration.ofSeconds(10)).until(seen::isDone);
    assertThat(seen.join().get("token")).isNotBlank().isEqualTo(seen.join().get("redis"));
    assertThat(id).isNotNull();
  }

  @Test
  void aJobReadFromTheQueueHasNoLock() {
    String id = queue.add("t", "{}");
    Job job = queue.getJob(id).orElseThrow();
    assertThatThrownBy(job::lockToken).isInstanceOf(IllegalStateException.class);
  }
}
