package dev.millrace.queue;

import static dev.millrace.queue.internal.Replies.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.millrace.queue.internal.AdminMoves;
import dev.millrace.queue.internal.JobReads;
import dev.millrace.queue.internal.OptsCodec;
import dev.millrace.queue.internal.QueueKeys;
import dev.millrace.queue.internal.Schedulers;
import dev.millrace.queue.internal.Scripts;
import dev.millrace.queue.internal.Scripts.Script;
import dev.millrace.queue.internal.Utf8Codec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A producer and admin handle on one BullMQ queue. Thread-safe: all calls share one multiplexed
 * connection. Jobs are stored exactly as Node BullMQ 5/6 stores them, so Node workers, {@code
 * QueueEvents} and dashboards see them.
 */
public final class Queue implements AutoCloseable {
  /** Written to {@code meta.version}; Node only reads it for {@code getVersion()}. */
  public static final String VERSION = "bullmq-java:millrace-0.1.0";

  public static final String DEFAULT_PREFIX = "bull";

  private final RedisClient ownedClient;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;
  private final QueueKeys keys;
  private final Scripts scripts = Scripts.get();
  private final Schedulers schedulers;
  private final JobReads reads;
  private final AdminMoves admin;

  /** A queue with the default prefix "bull" on a client the caller owns (and closes). */
  public Queue(RedisClient client, String name) {
    this(client, name, DEFAULT_PREFIX);
  }

  /**
   * A queue on a client the caller owns. The prefix may carry a hash tag ({@code "{bull}"}) so the
   * queue lives on one Redis Cluster slot.
   */
  public Queue(RedisClient client, String name, String prefix) {
    this(client, name, prefix, null);
  }

  private Queue(RedisClient client, String name, String prefix, RedisClient owned) {
    this.keys = new QueueKeys(prefix, name);
    this.ownedClient = owned;
    this.connection = client.connect(Utf8Codec.INSTANCE);
    this.redis = connection.async();
    this.schedulers = new Schedulers(redis, keys);
    this.reads = new JobReads(redis, keys);
    this.admin = new AdminMoves(redis, keys);
    await(redis.hsetnx(keys.meta(), "opts.maxLenEvents", "10000"), "create queue meta");
    await(redis.hset(keys.meta(), "version", VERSION), "create queue meta");
  }

  /** A queue with its own Redis client, closed with the queue. */
  public static Queue open(String redisUrl, String name) {
    RedisClient client = RedisClient.create(redisUrl);
    return new Queue(client, name, DEFAULT_PREFIX, client);
  }

  public String name() {
    return keys.queue();
  }

  public String prefix() {
    return keys.prefix();
  }

  /**
   * Adds a job. Returns its id; for a custom id that already exists, or a deduplicated job, the id
   * of the job already there (nothing is added).
   *
   * @param dataJson the job data as JSON text
   * @throws IllegalArgumentException when dataJson is not valid JSON
   */
  public String add(String name, String dataJson, JobOptions opts) {
    return await(addAsync(name, dataJson, opts), "add job to " + name());
  }

  public String add(String name, String dataJson) {
    return add(name, dataJson, JobOptions.DEFAULT);
  }

  /** Asynchronous {@link #add}. */
  public CompletableFuture<String> addAsync(String name, String dataJson, JobOptions opts) {
    NewJob job = new NewJob(name, dataJson, opts);
    requireJson(job.dataJson());
    JobOptions o = job.opts();
    long ts = o.timestamp() != null ? o.timestamp() : System.currentTimeMillis();
    String[] k = {
      keys.meta(),
      keys.id(),
      keys.waiting(),
      keys.prioritized(),
      keys.delayed(),
      keys.marker(),
      keys.events(),
      keys.priorityCounter(),
      keys.active()
    };
    Deduplication de = o.deduplication();
    return scripts
        .run(
            redis,
            Script.ADD_JOB,
            k,
            keys.base(),
            o.jobId() == null ? "" : o.jobId(),
            name,
            Long.toString(ts),
            job.dataJson(),
            OptsCodec.encode(o),
            Long.toString(o.delay().toMillis()),
            Integer.toString(o.priority()),
            o.lifo() ? "1" : "0",
            de == null ? "" : de.id(),
            de == null || de.ttl() == null ? "" : Long.toString(de.ttl().toMillis()))
        .thenApply(reply -> String.valueOf(reply.get(1)));
  }

  /**
   * Adds many jobs, pipelined: all scripts are sent before the first reply is awaited. Not atomic
   * as a whole (as in Node). Returns the ids in order.
   */
  public List<String> addBulk(List<NewJob> jobs) {
    List<CompletableFuture<String>> futures = new ArrayList<>(jobs.size());
    for (NewJob j : jobs) {
      futures.add(addAsync(j.name(), j.dataJson(), j.opts()));
    }
    List<String> ids = new ArrayList<>(jobs.size());
    for (CompletableFuture<String> f : futures) {
      ids.add(await(f, "add jobs to " + name()));
    }
    return ids;
  }

  /** The job with this id, if it exists. */
  public Optional<Job> getJob(String jobId) {
    return reads.getJob(jobId);
  }

  /** The log lines of a job, oldest first. */
  public List<String> getJobLogs(String jobId) {
    return reads.getJobLogs(jobId);
  }

  /** The state of a job, or empty when it does not exist or is in no known state. */
  public Optional<JobState> getState(String jobId) {
    return reads.getState(jobId);
  }

  /**
   * Counts by state, with BullMQ's names: waiting, active, delayed, prioritized, completed, failed,
   * waiting-children (and paused, for a legacy v5 paused list, when not empty).
   */
  public Map<String, Long> getJobCounts() {
    return reads.getJobCounts();
  }

  /**
   * Jobs in one state, by position {@code start..end} (inclusive, -1 = last): waiting and
   * prioritized and delayed in the order they will run, active in fetch order, completed and failed
   * newest first.
   */
  public List<Job> getJobs(JobState state, long start, long end) {
    return reads.getJobs(state, start, end);
  }

  /**
   * The connection names of the workers (Java or Node) connected to this queue, from CLIENT LIST.
   * Node's convention: {@code <prefix>:<base64(queue)>} for an unnamed worker, plus {@code
   * :w:<name>} for a named one.
   */
  public List<String> getWorkers() {
    return reads.getWorkers();
  }

  /** Pauses the queue: workers take no new jobs (those in flight finish). Emits "paused". */
  public void pause() {
    admin.pause("paused");
  }

  /** Resumes a paused queue. Emits "resumed". */
  public void resume() {
    admin.pause("resumed");
  }

  public boolean isPaused() {
    return await(redis.hexists(keys.meta(), "paused"), "read meta");
  }

  /**
   * Removes a job and its keys, from whichever state. Returns false when a worker holds the job (it
   * is active) or it does not exist.
   */
  public boolean remove(String jobId) {
    return admin.remove(jobId);
  }

  /**
   * Moves a failed job back to waiting (attempts made are kept).
   *
   * @throws QueueException when the job does not exist or is not failed
   */
  public void retryJob(String jobId) {
    reprocess(jobId, JobState.FAILED);
  }

  /** Moves a completed or failed job back to waiting. */
  public void reprocess(String jobId, JobState from) {
    if (from != JobState.FAILED && from != JobState.COMPLETED) {
      throw new IllegalArgumentException("only completed or failed jobs can be reprocessed");
    }
    admin.reprocess(jobId, from.wireName());
  }

  /**
   * Makes a delayed job ready now.
   *
   * @throws QueueException when the job is not delayed
   */
  public void promote(String jobId) {
    admin.promote(jobId);
  }

  /**
   * Sets a job's priority (0 = none, else 1..2^21-1). A waiting or prioritized job moves at once;
   * others keep it for their next placement.
   *
   * @throws QueueException when the job does not exist
   */
  public void changePriority(String jobId, int priority, boolean lifo) {
    if (priority < 0 || priority > JobOptions.MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "Priority should be between 0 and " + JobOptions.MAX_PRIORITY + ": " + priority);
    }
    admin.changePriority(jobId, priority, lifo);
  }

  /**
   * Makes a delayed job ready {@code delay} from now.
   *
   * @throws QueueException when the job is not delayed
   */
  public void changeDelay(String jobId, Duration delay) {
    admin.changeDelay(jobId, delay.toMillis());
  }

  /**
   * Deletes every waiting and prioritized job, and the delayed ones too when asked (pending job
   * scheduler iterations stay). Active, completed and failed jobs stay. Returns how many.
   */
  public long drain(boolean includeDelayed) {
    return admin.drain(includeDelayed);
  }

  /** Moves every failed job back to waiting; returns how many. */
  public int retryFailed() {
    int moved = 0;
    while (true) {
      List<String> ids = await(redis.zrange(keys.failed(), 0, 999), "list failed");
      if (ids.isEmpty()) {
        return moved;
      }
      for (String id : ids) {
        try {
          retryJob(id);
          moved++;
        } catch (QueueException e) {
          // removed or retried concurrently: nothing to do
        }
      }
    }
  }

  /**
   * Deletes up to {@code limit} jobs (0 = no limit) in a state that are older than {@code grace}
   * (finished before, for completed/failed; created before, otherwise). Active jobs cannot be
   * cleaned. Returns the deleted ids and emits "cleaned".
   */
  public List<String> clean(Duration grace, int limit, JobState state) {
    if (state == JobState.ACTIVE || state == JobState.WAITING_CHILDREN) {
      throw new IllegalArgumentException("cannot clean " + state.wireName() + " jobs");
    }
    boolean finished = state == JobState.COMPLETED || state == JobState.FAILED;
    return admin.clean(
        state.wireName(),
        state.isList(),
        System.currentTimeMillis() - grace.toMillis(),
        limit,
        finished ? "finishedOn" : "timestamp");
  }

  /**
   * Deletes the queue and all its jobs. Pauses it first. Without {@code force}, refuses while jobs
   * are active.
   *
   * @throws QueueException when jobs are active and force is false
   */
  public void obliterate(boolean force) {
    pause();
    admin.obliterate(force);
  }

  /** Sets global concurrency ({@code meta.concurrency}): at most n active jobs across workers. */
  public void setGlobalConcurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    await(redis.hset(keys.meta(), "concurrency", Integer.toString(concurrency)), "set meta");
  }

  public void removeGlobalConcurrency() {
    await(redis.hdel(keys.meta(), "concurrency"), "set meta");
  }

  /** Sets the global rate limit ({@code meta.max}/{@code meta.duration}): max jobs per duration. */
  public void setGlobalRateLimit(int max, Duration duration) {
    if (max < 1 || duration.toMillis() < 1) {
      throw new IllegalArgumentException("rate limit needs max >= 1 and a positive duration");
    }
    await(
        redis.hset(
            keys.meta(),
            Map.of("max", Integer.toString(max), "duration", Long.toString(duration.toMillis()))),
        "set meta");
  }

  public void removeGlobalRateLimit() {
    await(redis.hdel(keys.meta(), "max", "duration"), "set meta");
  }

  /**
   * Creates or updates a job scheduler: jobs named {@code name} with this data and these options
   * are added on the schedule (one pending at a time, id {@code repeat:<id>:<millis>}). Upserting
   * an unchanged scheduler changes nothing, so several app replicas may upsert the same one at
   * start without it firing twice. A changed scheduler replaces its pending job. Returns the id of
   * the pending job.
   */
  public String upsertJobScheduler(
      String schedulerId, Schedule schedule, String name, String dataJson, JobOptions template) {
    requireJson(dataJson);
    return schedulers.upsert(
        schedulerId, schedule, name, dataJson, template == null ? JobOptions.DEFAULT : template);
  }

  /** Removes a job scheduler and its pending job; returns false when there was none. */
  public boolean removeJobScheduler(String schedulerId) {
    return schedulers.remove(schedulerId);
  }

  /** The ids of the job schedulers, with the millis of their next run. */
  public Map<String, Long> getJobSchedulers() {
    Map<String, Long> out = new LinkedHashMap<>();
    await(redis.zrangeWithScores(keys.repeat(), 0, -1), "list schedulers")
        .forEach(v -> out.put(v.getValue(), (long) v.getScore()));
    return out;
  }

  private static void requireJson(String json) {
    try {
      OptsCodec.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job data is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Closes the connection (and the client, when opened with {@link #open}). Idempotent. */
  @Override
  public void close() {
    if (connection.isOpen()) {
      connection.close();
    }
    if (ownedClient != null) {
      ownedClient.shutdown();
    }
  }
}
