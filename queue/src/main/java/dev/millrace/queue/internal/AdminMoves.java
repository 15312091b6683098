package dev.millrace.queue.internal;

import static dev.millrace.queue.internal.Replies.await;

import dev.millrace.queue.QueueException;
import dev.millrace.queue.internal.Scripts.Script;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The admin script calls of a queue: pause, remove, retry, promote, change, drain, clean. */
public final class AdminMoves {
  private final RedisAsyncCommands<String, String> redis;
  private final QueueKeys keys;
  private final Scripts scripts = Scripts.get();

  public AdminMoves(RedisAsyncCommands<String, String> redis, QueueKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** {@code what}: "paused" or "resumed". */
  public void pause(String what) {
    String[] k = {
      keys.meta(),
      keys.marker(),
      keys.events(),
      keys.waiting(),
      keys.prioritized(),
      keys.delayed(),
      keys.paused()
    };
    await(scripts.run(redis, Script.PAUSE, k, what), what + " " + keys.queue());
  }

  public boolean remove(String jobId) {
    String[] k = {keys.job(jobId), keys.events(), keys.meta()};
    List<Object> r =
        await(scripts.run(redis, Script.REMOVE_JOB, k, jobId, keys.base()), "remove " + jobId);
    return Replies.code(r) == 1;
  }

  /** Moves a job from a finished state ("failed" or "completed") back to waiting. */
  public void reprocess(String jobId, String fromState) {
    String[] k = {
      keys.job(jobId),
      keys.state(fromState),
      keys.waiting(),
      keys.prioritized(),
      keys.priorityCounter(),
      keys.marker(),
      keys.events(),
      keys.meta(),
      keys.active()
    };
    checked(scripts.run(redis, Script.REPROCESS_JOB, k, jobId, fromState), jobId);
  }

  public void promote(String jobId) {
    String[] k = {
      keys.delayed(),
      keys.waiting(),
      keys.prioritized(),
      keys.priorityCounter(),
      keys.marker(),
      keys.events(),
      keys.meta(),
      keys.active(),
      keys.job(jobId)
    };
    checked(scripts.run(redis, Script.PROMOTE, k, jobId), jobId);
  }

  public void changePriority(String jobId, int priority, boolean lifo) {
    String[] k = {
      keys.waiting(),
      keys.prioritized(),
      keys.priorityCounter(),
      keys.marker(),
      keys.meta(),
      keys.active(),
      keys.job(jobId)
    };
    checked(
        scripts.run(
            redis, Script.CHANGE_PRIORITY, k, jobId, Integer.toString(priority), lifo ? "1" : "0"),
        jobId);
  }

  public void changeDelay(String jobId, long delayMillis) {
    String[] k = {
      keys.delayed(), keys.marker(), keys.events(), keys.meta(), keys.active(), keys.job(jobId)
    };
    checked(
        scripts.run(
            redis,
            Script.CHANGE_DELAY,
            k,
            jobId,
            Long.toString(delayMillis),
            Long.toString(System.currentTimeMillis())),
        jobId);
  }

  public long drain(boolean includeDelayed) {
    String[] k = {
      keys.waiting(),
      keys.prioritized(),
      keys.delayed(),
      keys.priorityCounter(),
      keys.events(),
      keys.meta(),
      keys.marker()
    };
    return Replies.code(
        await(
            scripts.run(redis, Script.DRAIN, k, keys.base(), includeDelayed ? "1" : "0"),
            "drain " + keys.queue()));
  }

  /**
   * Deletes up to {@code limit} jobs of a state older than {@code cutoff}, judged by {@code
   * timeField} ("finishedOn" or "timestamp"). Returns the deleted ids.
   */
  public List<String> clean(
      String stateName, boolean isList, long cutoff, int limit, String timeField) {
    String[] k = {keys.state(stateName), keys.events(), keys.meta()};
    List<Object> r =
        await(
            scripts.run(
                redis,
                Script.CLEAN_JOBS,
                k,
                keys.base(),
                Long.toString(cutoff),
                Integer.toString(limit),
                isList ? "list" : "zset",
                timeField),
            "clean " + keys.queue());
    return Replies.strings(r);
  }

  /** Deletes a paused queue, calling the script until it is done. */
  public void obliterate(boolean force) {
    String[] k = {keys.meta()};
    while (true) {
      List<Object> r =
          await(
              scripts.run(redis, Script.OBLITERATE, k, keys.base(), "1000", force ? "1" : "0"),
              "obliterate " + keys.queue());
      long code = Replies.code(r);
      if (code == 0) {
        return;
      }
      if (code < 0) {
        throw new QueueException(ScriptCode.of(code).message(keys.queue()));
      }
    }
  }

  private void checked(CompletableFuture<List<Object>> reply, String jobId) {
    long code = Replies.code(await(reply, "change job " + jobId));
    if (code != 0) {
      throw new QueueException(ScriptCode.of(code).message(jobId));
    }
  }
}
