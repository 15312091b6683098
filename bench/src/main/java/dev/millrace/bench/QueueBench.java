package dev.millrace.bench;

import dev.millrace.queue.NewJob;
import dev.millrace.queue.Queue;
import dev.millrace.queue.Worker;
import dev.millrace.queue.WorkerListener;
import dev.millrace.queue.WorkerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./scripts/bench queue [jobs]}: no-op jobs through the Java worker and a Node BullMQ
 * worker, in the same run on the same Redis, at concurrency 1, 10 and 100; add and addBulk
 * throughput; Redis commands per job for each side (INFO commandstats, which counts the commands
 * scripts run too). Resets the server's command statistics.
 */
public final class QueueBench {
  private static final int[] CONCURRENCY = {1, 10, 100};

  private QueueBench() {}

  private static final int ROUNDS = 5;

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    String url =
        System.getenv()
            .getOrDefault(
                "MILLRACE_BENCH_REDIS_URL",
                System.getenv().getOrDefault("MILLRACE_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
    Path root = Path.of("").toAbsolutePath();
    Path nodeModules = nodeDeps(root).resolve("node_modules");
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      RedisCommands<String, String> redis = admin.sync();
      System.out.printf(
          Locale.ROOT,
          "queue benchmark: %d no-op jobs per run, median of %d alternating runs per side, Redis %s%n",
          jobs,
          ROUNDS,
          url);

      String addQueue = "bench-add-" + System.nanoTime();
      try (Queue q = new Queue(client, addQueue)) {
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
          q.add("noop", "{}");
        }
        double addRate = jobs / seconds(t0);
        deleteQueue(redis, addQueue);
        t0 = System.nanoTime();
        fill(q, jobs);
        double bulkRate = jobs / seconds(t0);
        deleteQueue(redis, addQueue);
        System.out.printf(Locale.ROOT, "add (sequential):       %,10.0f jobs/s%n", addRate);
        System.out.printf(Locale.ROOT, "addBulk (500 per call): %,10.0f jobs/s%n", bulkRate);
      }

      double[] ratios = new double[CONCURRENCY.length];
      for (int i = 0; i < CONCURRENCY.length; i++) {
        int c = CONCURRENCY[i];
        // alternate the sides and take each side's median: the machine's noise hits both alike
        List<Result> javas = new ArrayList<>();
        List<Result> nodes = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          if (round % 2 == 0) {
            javas.add(javaRun(client, redis, jobs, c));
            nodes.add(nodeRun(client, redis, root, nodeModules, url, jobs, c));
          } else {
            nodes.add(nodeRun(client, redis, root, nodeModules, url, jobs, c));
            javas.add(javaRun(client, redis, jobs, c));
          }
        }
        Result java = median(javas);
        Result node = median(nodes);
        ratios[i] = java.rate() / node.rate();
        System.out.printf(
            Locale.ROOT,
            "c=%-3d java %,9.0f jobs/s (%.1f cmds/job)   node %,9.0f jobs/s (%.1f cmds/job)   ratio %.2f"
                + "   (runs: java %s, node %s)%n",
            c,
            java.rate(),
            java.commandsPerJob(),
            node.rate(),
            node.commandsPerJob(),
            ratios[i],
            rates(javas),
            rates(nodes));
      }
      System.out.printf(
          Locale.ROOT,
          "queue: java/node throughput ratio at c=10: %.2f, at c=100: %.2f%n",
          ratios[1],
          ratios[2]);
    } finally {
      client.shutdown();
    }
  }

  record Result(double rate, double commandsPerJob) {}

  private static Result javaRun(
      RedisClient client, RedisCommands<String, String> redis, int jobs, int c) throws Exception {
    String name = "bench-java-" + c + "-" + System.nanoTime();
    try (Queue q = new Queue(client, name)) {
      fill(q, jobs);
      CountDownLatch done = new CountDownLatch(jobs);
      redis.configResetstat();
      long t0 = System.nanoTime();
      Worker w =
          new Worker(client, name, job -> null, WorkerOptions.builder().concurrency(c).build())
              .addListener(
                  new WorkerListener() {
                    @Override
                    public void completed(dev.millrace.queue.Job job, String rv) {
                      done.countDown();
                    }
                  })
              .start();
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("java worker did not finish");
      }
      double secs = seconds(t0);
      long commands = commands(redis);
      w.close(Duration.ofSeconds(10));
      deleteQueue(redis, name);
      return new Result(jobs / secs, (double) commands / jobs);
    }
  }

  private static Result nodeRun(
      RedisClient client,
      RedisCommands<String, String> redis,
      Path root,
      Path nodeModules,
      String url,
      int jobs,
      int c)
      throws Exception {
    String name = "bench-node-" + c + "-" + System.nanoTime();
    try (Queue q = new Queue(client, name)) {
      fill(q, jobs);
      redis.configResetstat();
      ProcessBuilder pb =
          new ProcessBuilder(
                  "node",
                  root.resolve("queue/src/test/node/bench-worker.js").toString(),
                  name,
                  Integer.toString(c),
                  Integer.toString(jobs))
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("NODE_PATH", nodeModules.toString());
      pb.environment().put("REDIS_URL", url);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("node bench worker failed: " + out);
      }
      long commands = commands(redis);
      long ms = Long.parseLong(out.replaceAll("[^0-9]", ""));
      deleteQueue(redis, name);
      return new Result(jobs / (ms / 1000.0), (double) commands / jobs);
    }
  }

  private static String rates(List<Result> results) {
    return String.join(
        " ", results.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rate())).toList());
  }

  private static Result median(List<Result> results) {
    List<Result> sorted = new ArrayList<>(results);
    sorted.sort(java.util.Comparator.comparingDouble(Result::rate));
    return sorted.get(sorted.size() / 2);
  }

  private static void fill(Queue q, int jobs) {
    List<NewJob> batch = new ArrayList<>(500);
    for (int i = 0; i < jobs; i++) {
      batch.add(NewJob.of("noop", "{}"));
      if (batch.size() == 500) {
        q.addBulk(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      q.addBulk(batch);
    }
  }

  private static long commands(RedisCommands<String, String> redis) {
    long total = 0;
    for (String line : redis.info("commandstats").split("\r?\n")) {
      int i = line.indexOf("calls=");
      if (line.startsWith("cmdstat_")
          && i > 0
          && !line.startsWith("cmdstat_info")
          && !line.startsWith("cmdstat_config")) {
        int end = line.indexOf(',', i);
        total += Long.parseLong(line.substring(i + 6, end));
      }
    }
    return total;
  }

  private static void deleteQueue(RedisCommands<String, String> redis, String name) {
    String cursor = "0";
    do {
      var scan =
          redis.scan(
              io.lettuce.core.ScanCursor.of(cursor),
              io.lettuce.core.ScanArgs.Builder.matches("bull:" + name + ":*").limit(5000));
      if (!scan.getKeys().isEmpty()) {
        redis.unlink(scan.getKeys().toArray(String[]::new));
      }
      cursor = scan.getCursor();
    } while (!"0".equals(cursor));
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Path nodeDeps(Path root) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", root.resolve("scripts/lib/node-deps.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0
        || !Files.isDirectory(Path.of(out.lines().reduce((a, b) -> b).orElse("")))) {
      throw new IllegalStateException("node-deps.sh failed: " + out);
    }
    return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
  }
}
