package dev.millrace.queue.internal;

import static dev.millrace.queue.internal.Replies.await;

import dev.millrace.queue.KeepJobs;
import dev.millrace.queue.RateLimit;
import dev.millrace.queue.internal.Scripts.Script;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The worker's script calls: fetch, finish (with fetch-next), retry, lock renewal, stall check. */
public final class JobMoves {
  private final RedisAsyncCommands<String, String> redis;
  private final QueueKeys keys;
  private final Scripts scripts = Scripts.get();
  private final String lockMillis;
  private final String workerName;
  private final String limitMax;
  private final String limitMillis;

  public JobMoves(
      RedisAsyncCommands<String, String> redis,
      QueueKeys keys,
      long lockMillis,
      String workerName,
      RateLimit limiter) {
    this.redis = redis;
    this.keys = keys;
    this.lockMillis = Long.toString(lockMillis);
    this.workerName = workerName == null ? "" : workerName;
    this.limitMax = limiter == null ? "" : Integer.toString(limiter.max());
    this.limitMillis = limiter == null ? "" : Long.toString(limiter.duration().toMillis());
    this.fetchKeys = buildFetchKeys();
  }

  public QueueKeys keys() {
    return keys;
  }

  private final String[] fetchKeys;

  private String[] fetchKeys(String... extra) {
    if (extra.length == 0) {
      return fetchKeys;
    }
    String[] k = java.util.Arrays.copyOf(fetchKeys, fetchKeys.length + extra.length);
    System.arraycopy(extra, 0, k, fetchKeys.length, extra.length);
    return k;
  }

  private String[] buildFetchKeys() {
    List<String> k =
        new ArrayList<>(
            List.of(
                keys.waiting(),
                keys.active(),
                keys.prioritized(),
                keys.events(),
                keys.stalled(),
                keys.limiter(),
                keys.delayed(),
                keys.meta(),
                keys.priorityCounter(),
                keys.marker()));
    return k.toArray(String[]::new);
  }

  public Fetched moveToActive(String token) {
    List<Object> r =
        await(
            scripts.run(
                redis,
                Script.MOVE_TO_ACTIVE,
                fetchKeys(),
                keys.base(),
                Long.toString(System.currentTimeMillis()),
                token,
                lockMillis,
                workerName,
                limitMax,
                limitMillis),
            "fetch a job from " + keys.queue());
    return Fetched.decode(r, 0, token);
  }

  /** What a finish call returned: an error code, or 0 and maybe the next job. */
  public record Finish(ScriptCode code, Fetched next) {}

  public Finish moveToFinished(
      String jobId,
      String token,
      boolean completed,
      String value,
      KeepJobs keep,
      int attempts,
      int attemptsMadeAfter,
      String dedupId,
      String stacktraceJson,
      String nextToken) {
    KeepJobs k = keep == null ? KeepJobs.keepAll() : keep;
    List<Object> r =
        await(
            scripts.run(
                redis,
                Script.MOVE_TO_FINISHED,
                fetchKeys(completed ? keys.completed() : keys.failed(), keys.job(jobId)),
                keys.base(),
                Long.toString(System.currentTimeMillis()),
                token,
                lockMillis,
                workerName,
                limitMax,
                limitMillis,
                jobId,
                completed ? "completed" : "failed",
                value,
                Integer.toString(k.scriptCount()),
                Long.toString(k.scriptAgeSeconds()),
                nextToken == null ? "0" : "1",
                Integer.toString(attempts),
                stacktraceJson == null ? "" : stacktraceJson,
                nextToken == null ? "" : nextToken,
                Integer.toString(attemptsMadeAfter),
                dedupId == null ? "" : dedupId),
            "finish job " + jobId);
    long code = Replies.code(r);
    if (code != 0) {
      return new Finish(ScriptCode.of(code), Fetched.NOTHING);
    }
    return new Finish(
        ScriptCode.OK, nextToken == null ? Fetched.NOTHING : Fetched.decode(r, 1, nextToken));
  }

  public ScriptCode retry(
      String jobId,
      String token,
      long delayMillis,
      String reason,
      String stacktraceJson,
      boolean lifo) {
    String[] k = {
      keys.active(),
      keys.waiting(),
      keys.prioritized(),
      keys.priorityCounter(),
      keys.delayed(),
      keys.marker(),
      keys.events(),
      keys.stalled(),
      keys.meta(),
      keys.job(jobId)
    };
    List<Object> r =
        await(
            scripts.run(
                redis,
                Script.RETRY_JOB,
                k,
                jobId,
                token,
                Long.toString(System.currentTimeMillis()),
                Long.toString(delayMillis),
                reason,
                stacktraceJson == null ? "" : stacktraceJson,
                lifo ? "1" : "0"),
            "retry job " + jobId);
    return ScriptCode.of(Replies.code(r));
  }

  /** Renews the given locks (id → token); returns the ids whose lock was lost. */
  public List<String> extendLocks(Map<String, String> tokensById) {
    List<String> args = new ArrayList<>(2 + tokensById.size() * 2);
    args.add(keys.base());
    args.add(lockMillis);
    tokensById.forEach(
        (id, token) -> {
          args.add(id);
          args.add(token);
        });
    List<Object> r =
        await(
            scripts.run(
                redis,
                Script.EXTEND_LOCKS,
                new String[] {keys.stalled()},
                args.toArray(String[]::new)),
            "renew locks");
    return Replies.strings(r);
  }

  /** Runs the stalled check (a no-op when another worker ran it this interval). */
  public List<String> moveStalledJobs(int maxStalledCount, long intervalMillis) {
    String[] k = {
      keys.stalled(),
      keys.waiting(),
      keys.active(),
      keys.stalledCheck(),
      keys.meta(),
      keys.marker(),
      keys.events()
    };
    List<Object> r =
        await(
            scripts.run(
                redis,
                Script.MOVE_STALLED_JOBS,
                k,
                Integer.toString(maxStalledCount),
                keys.base(),
                Long.toString(System.currentTimeMillis()),
                Long.toString(intervalMillis)),
            "check stalled jobs");
    return Replies.strings(r);
  }

  public void updateProgress(String jobId, String progressJson) {
    String[] k = {keys.job(jobId), keys.events(), keys.meta()};
    List<Object> r =
        await(
            scripts.run(redis, Script.UPDATE_PROGRESS, k, jobId, progressJson),
            "update progress of " + jobId);
    long code = Replies.code(r);
    if (code != 0) {
      throw new dev.millrace.queue.QueueException(ScriptCode.of(code).message(jobId));
    }
  }

  public long addLog(String jobId, String line, Integer keepLogs) {
    String[] k = {keys.job(jobId), keys.logs(jobId)};
    List<Object> r =
        await(
            scripts.run(
                redis, Script.ADD_LOG, k, line, keepLogs == null ? "" : keepLogs.toString()),
            "log for " + jobId);
    long code = Replies.code(r);
    if (code != 0) {
      throw new dev.millrace.queue.QueueException(ScriptCode.of(code).message(jobId));
    }
    return Replies.asLong(r.get(1));
  }

  /** Drops an active entry whose job hash vanished (removed while waiting). */
  public void forgetVanished(String jobId) {
    await(redis.lrem(keys.active(), 1, jobId), "forget " + jobId);
    await(redis.del(keys.lock(jobId)), "forget " + jobId);
  }
}
