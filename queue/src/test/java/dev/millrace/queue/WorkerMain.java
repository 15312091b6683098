package dev.millrace.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A Java worker in a process of its own, for kill -9 tests. Args: redisUrl queue concurrency
 * lockDurationMs sideEffectsKey [stalledIntervalMs, default 500]. A job whose data has {@code
 * "hangJava": true} never finishes; any other job counts one side effect (HINCRBY sideEffectsKey
 * jobId 1) and completes. Prints "ready" and then "processing <id>" for each job, on stdout.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String queue = args[1];
    int concurrency = Integer.parseInt(args[2]);
    long lockMillis = Long.parseLong(args[3]);
    String sideEffects = args[4];
    long stalledMillis = args.length > 5 ? Long.parseLong(args[5]) : 500;
    RedisClient client = RedisClient.create(url);
    RedisCommands<String, String> redis = client.connect().sync();
    CountDownLatch never = new CountDownLatch(1);
    Worker worker =
        new Worker(
            client,
            queue,
            job -> {
              synchronized (System.out) {
                System.out.println("processing " + job.id());
                System.out.flush();
              }
              if (job.data().path("hangJava").asBoolean(false)) {
                never.await();
              }
              redis.hincrby(sideEffects, job.id(), 1);
              return Map.of("by", "java-child");
            },
            WorkerOptions.builder()
                .concurrency(concurrency)
                .lockDuration(Duration.ofMillis(lockMillis))
                .stalledInterval(Duration.ofMillis(stalledMillis))
                .drainDelay(Duration.ofMillis(500))
                .name("child")
                .build());
    worker.start();
    System.out.println("ready");
    System.out.flush();
    never.await();
  }
}
