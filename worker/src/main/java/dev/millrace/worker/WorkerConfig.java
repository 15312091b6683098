package dev.millrace.worker;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A worker's settings, read once from environment variables and validated. Immutable.
 *
 * @param redisUrl {@code MILLRACE_REDIS_URL}: {@code redis://} or {@code rediss://}
 * @param appUrl {@code MILLRACE_APP_URL}: where the app's worker API lives (no trailing slash)
 * @param workerToken {@code MILLRACE_WORKER_TOKEN}: the shared secret presented to the app
 * @param concurrency {@code MILLRACE_WORKER_CONCURRENCY}: runs at once (slots), default 5
 * @param queuePrefix {@code MILLRACE_QUEUE_PREFIX}: Redis key prefix, default {@code bull}
 * @param queueName the queue's name, {@code runs} (fixed by the worker API)
 * @param lockDuration {@code MILLRACE_LOCK_DURATION_MS}: a job's lock life, default 30 s
 * @param stalledInterval {@code MILLRACE_STALLED_INTERVAL_MS}: stalled-check period, default 30 s
 * @param drainTimeout {@code MILLRACE_WORKER_DRAIN_SECONDS}: how long in-flight runs get on
 *     shutdown, default 30 s
 * @param healthPort {@code MILLRACE_WORKER_PORT}: the health endpoints' port, default 8081; 0 picks
 *     a free port, -1 (only in code) starts no health server
 * @param reportRetry {@code MILLRACE_WORKER_REPORT_RETRY_SECONDS}: how long a report to the app is
 *     retried while the app is unreachable, default 120 s
 */
public record WorkerConfig(
    String redisUrl,
    String appUrl,
    String workerToken,
    int concurrency,
    String queuePrefix,
    String queueName,
    Duration lockDuration,
    Duration stalledInterval,
    Duration drainTimeout,
    int healthPort,
    Duration reportRetry) {

  /** The queue runs are enqueued on (docs/worker-api.md). */
  public static final String RUNS_QUEUE = "runs";

  public WorkerConfig {
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(workerToken, "workerToken");
    Objects.requireNonNull(queuePrefix, "queuePrefix");
    Objects.requireNonNull(queueName, "queueName");
    appUrl = stripSlash(Objects.requireNonNull(appUrl, "appUrl"));
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    if (healthPort < -1 || healthPort > 65535) {
      throw new IllegalArgumentException("healthPort must be -1..65535: " + healthPort);
    }
  }

  /**
   * Reads the {@code MILLRACE_*} variables from {@code env}.
   *
   * @throws IllegalArgumentException naming every missing or bad variable
   */
  public static WorkerConfig fromEnvironment(Map<String, String> env) {
    var reader = new Reader(env);
    String redis = reader.url("MILLRACE_REDIS_URL", List.of("redis", "rediss"));
    String app = reader.url("MILLRACE_APP_URL", List.of("http", "https"));
    String token = reader.required("MILLRACE_WORKER_TOKEN");
    int concurrency = (int) reader.number("MILLRACE_WORKER_CONCURRENCY", 5, 1, 1000);
    String prefix = reader.text("MILLRACE_QUEUE_PREFIX", "bull");
    long lockMs = reader.number("MILLRACE_LOCK_DURATION_MS", 30_000, 100, 3_600_000);
    long stalledMs = reader.number("MILLRACE_STALLED_INTERVAL_MS", 30_000, 100, 3_600_000);
    long drain = reader.number("MILLRACE_WORKER_DRAIN_SECONDS", 30, 0, 86_400);
    int port = (int) reader.number("MILLRACE_WORKER_PORT", 8081, 0, 65535);
    long retry = reader.number("MILLRACE_WORKER_REPORT_RETRY_SECONDS", 120, 0, 86_400);
    reader.finish();
    return new WorkerConfig(
        redis,
        app,
        token,
        concurrency,
        prefix,
        RUNS_QUEUE,
        Duration.ofMillis(lockMs),
        Duration.ofMillis(stalledMs),
        Duration.ofSeconds(drain),
        port,
        Duration.ofSeconds(retry));
  }

  public WorkerConfig withConcurrency(int n) {
    return new WorkerConfig(
        redisUrl,
        appUrl,
        workerToken,
        n,
        queuePrefix,
        queueName,
        lockDuration,
        stalledInterval,
        drainTimeout,
        healthPort,
        reportRetry);
  }

  public WorkerConfig withHealthPort(int port) {
    return new WorkerConfig(
        redisUrl,
        appUrl,
        workerToken,
        concurrency,
        queuePrefix,
        queueName,
        lockDuration,
        stalledInterval,
        drainTimeout,
        port,
        reportRetry);
  }

  public WorkerConfig withQueue(String prefix, String name) {
    return new WorkerConfig(
        redisUrl,
        appUrl,
        workerToken,
        concurrency,
        prefix,
        name,
        lockDuration,
        stalledInterval,
        drainTimeout,
        healthPort,
        reportRetry);
  }

  /** The settings as {@code NAME=value} lines for printing at start; the token is masked. */
  public List<String> describe() {
    return List.of(
        "MILLRACE_REDIS_URL=" + maskUserInfo(redisUrl),
        "MILLRACE_APP_URL=" + appUrl,
        "MILLRACE_WORKER_TOKEN=****",
        "MILLRACE_WORKER_CONCURRENCY=" + concurrency,
        "MILLRACE_QUEUE_PREFIX=" + queuePrefix,
        "MILLRACE_LOCK_DURATION_MS=" + lockDuration.toMillis(),
        "MILLRACE_STALLED_INTERVAL_MS=" + stalledInterval.toMillis(),
        "MILLRACE_WORKER_DRAIN_SECONDS=" + drainTimeout.toSeconds(),
        "MILLRACE_WORKER_PORT=" + healthPort,
        "MILLRACE_WORKER_REPORT_RETRY_SECONDS=" + reportRetry.toSeconds());
  }

  @Override
  public String toString() {
    return "WorkerConfig" + describe();
  }

  private static String maskUserInfo(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getRawUserInfo() == null ? url : url.replace(uri.getRawUserInfo(), "****");
    } catch (IllegalArgumentException e) {
      return "****";
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Collects every bad variable before failing, so one start reports them all. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> faults = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String required(String name) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        faults.add(name + " is required");
        return "";
      }
      return value.strip();
    }

    String text(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    String url(String name, List<String> schemes) {
      String value = required(name);
      if (value.isEmpty()) {
        return value;
      }
      try {
        URI uri = new URI(value);
        if (uri.getScheme() == null
            || !schemes.contains(uri.getScheme())
            || uri.getHost() == null) {
          faults.add(name + "=" + value + " must be a " + String.join(" or ", schemes) + " URL");
        }
      } catch (java.net.URISyntaxException e) {
        faults.add(name + "=" + value + " is not a URL: " + e.getReason());
      }
      return value;
    }

    long number(String name, long fallback, long min, long max) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        long n = Long.parseLong(value.strip());
        if (n < min || n > max) {
          faults.add(name + "=" + value + " must be between " + min + " and " + max);
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        faults.add(name + "=" + value + " is not a whole number");
        return fallback;
      }
    }

    void finish() {
      if (!faults.isEmpty()) {
        throw new IllegalArgumentException("bad configuration: " + String.join("; ", faults));
      }
    }
  }
}
