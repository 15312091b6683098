package dev.millrace.queue.internal;

import static dev.millrace.queue.internal.Replies.await;

import dev.millrace.queue.Job;
import dev.millrace.queue.JobState;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only queries of a queue (jobs, states, counts, workers), pipelined where they fan out. */
public final class JobReads {
  private final RedisAsyncCommands<String, String> redis;
  private final QueueKeys keys;

  public JobReads(RedisAsyncCommands<String, String> redis, QueueKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** The job with this id, if it exists. */
  public Optional<Job> getJob(String jobId) {
    Map<String, String> fields = await(redis.hgetall(keys.job(jobId)), "get job " + jobId);
    return fields.isEmpty() ? Optional.empty() : Optional.of(Job.fromHash(jobId, fields));
  }

  /** The log lines of a job, oldest first. */
  public List<String> getJobLogs(String jobId) {
    return await(redis.lrange(keys.logs(jobId), 0, -1), "get logs of job " + jobId);
  }

  /** The state of a job, or empty when it does not exist or is in no known state. */
  public Optional<JobState> getState(String jobId) {
    List<RedisFuture<?>> checks = new ArrayList<>();
    for (JobState s : JobState.values()) {
      checks.add(
          s.isList()
              ? redis.lpos(keys.state(s.wireName()), jobId)
              : redis.zscore(keys.state(s.wireName()), jobId));
    }
    JobState[] states = JobState.values();
    for (int i = 0; i < states.length; i++) {
      if (await(checks.get(i), "get state of job " + jobId) != null) {
        return Optional.of(states[i]);
      }
    }
    return Optional.empty();
  }

  /**
   * Counts by state, with BullMQ's names: waiting, active, delayed, prioritized, completed, failed,
   * waiting-children (and paused, for a legacy v5 paused list, when not empty).
   */
  public Map<String, Long> getJobCounts() {
    Map<String, RedisFuture<Long>> futures = new LinkedHashMap<>();
    for (JobState s : JobState.values()) {
      String key = keys.state(s.wireName());
      futures.put(s.wireName(), s.isList() ? redis.llen(key) : redis.zcard(key));
    }
    RedisFuture<Long> legacyPaused = redis.llen(keys.paused());
    Map<String, Long> counts = new LinkedHashMap<>();
    futures.forEach((state, f) -> counts.put(state, await(f, "count jobs")));
    long paused = await(legacyPaused, "count jobs");
    if (paused > 0) {
      counts.put("paused", paused);
    }
    return counts;
  }

  /**
   * Jobs in one state, by position {@code start..end} (inclusive, -1 = last): waiting and
   * prioritized and delayed in the order they will run, active in fetch order, completed and failed
   * newest first.
   */
  public List<Job> getJobs(JobState state, long start, long end) {
    String key = keys.state(state.wireName());
    List<String> ids =
        switch (state) {
          case WAITING -> reversedRange(key, start, end);
          case ACTIVE -> reversedRange(key, start, end);
          case COMPLETED, FAILED -> await(redis.zrevrange(key, start, end), "list jobs");
          default -> await(redis.zrange(key, start, end), "list jobs");
        };
    List<RedisFuture<Map<String, String>>> hashes = new ArrayList<>();
    for (String id : ids) {
      hashes.add(redis.hgetall(keys.job(id)));
    }
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Map<String, String> fields = await(hashes.get(i), "list jobs");
      if (!fields.isEmpty()) {
        jobs.add(Job.fromHash(ids.get(i), fields));
      }
    }
    return jobs;
  }

  // Lists are consumed from the right: the job that runs next is the last element.
  private List<String> reversedRange(String key, long start, long end) {
    long len = await(redis.llen(key), "list jobs");
    long from = start < 0 ? len + start : start;
    long to = end < 0 ? len + end : Math.min(end, len - 1);
    if (len == 0 || from > to) {
      return List.of();
    }
    List<String> ids =
        new ArrayList<>(await(redis.lrange(key, len - 1 - to, len - 1 - from), "list"));
    java.util.Collections.reverse(ids);
    return ids;
  }

  /**
   * The connection names of the workers (Java or Node) connected to this queue, from CLIENT LIST.
   * Node's convention: {@code <prefix>:<base64(queue)>} for an unnamed worker, plus {@code
   * :w:<name>} for a named one.
   */
  public List<String> getWorkers() {
    String base = keys.workerConnectionName("");
    base = base.substring(0, base.length() - ":w:".length());
    List<String> names = new ArrayList<>();
    for (String line : await(redis.clientList(), "list clients").split("\n")) {
      for (String field : line.split(" ")) {
        if (field.startsWith("name=")) {
          String name = field.substring("name=".length()).strip();
          if (name.equals(base) || name.startsWith(base + ":w:")) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }
}
