package dev.millrace.queue.internal;

import static dev.millrace.queue.internal.Replies.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.queue.JobOptions;
import dev.millrace.queue.Schedule;
import dev.millrace.queue.internal.Scripts.Script;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Job schedulers in BullMQ's layout: {@code repeat} zset (id → next millis), a {@code repeat:<id>}
 * hash (name, every | pattern, tz, offset, data, opts, ic), and one pending job per scheduler with
 * id {@code repeat:<id>:<millis>}. The worker that starts an iteration adds the next one.
 */
public final class Schedulers {
  private final RedisAsyncCommands<String, String> redis;
  private final QueueKeys keys;
  private final Scripts scripts = Scripts.get();

  public Schedulers(RedisAsyncCommands<String, String> redis, QueueKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Creates or updates a scheduler; returns the id of its pending job. */
  public String upsert(
      String schedulerId, Schedule schedule, String name, String dataJson, JobOptions template) {
    if (schedulerId.isEmpty() || schedulerId.contains(":")) {
      throw new IllegalArgumentException("scheduler id must be non-empty and without ':'");
    }
    long now = System.currentTimeMillis();
    long millis;
    long offset;
    String specKey;
    String specValue;
    if (schedule.every() != null) {
      long every = schedule.every().toMillis();
      millis = now; // the first run of an "every" scheduler is immediate, as in Node
      offset = now % every;
      specKey = "every";
      specValue = Long.toString(every);
    } else {
      millis = new CronSchedule(schedule.pattern()).nextAfter(now, zone(schedule.zone()));
      offset = 0;
      specKey = "pattern";
      specValue = schedule.pattern();
    }
    String tz = schedule.zone() == null ? "" : schedule.zone().getId();
    String templateOpts = OptsCodec.encode(template);
    List<Object> r =
        run(
            schedulerId,
            millis,
            now,
            "upsert",
            specKey,
            specValue,
            offset,
            tz,
            name,
            dataJson,
            templateOpts,
            jobOpts(template, schedulerId, millis, now, specKey, specValue, tz),
            template);
    return String.valueOf(r.get(1));
  }

  /**
   * Adds the iteration after {@code currentMillis} of a scheduler, when it still exists. Called by
   * the worker that starts an iteration; a no-op when that iteration is already there.
   */
  public void scheduleNext(String schedulerId, long currentMillis) {
    Map<String, String> s = await(redis.hgetall(keys.scheduler(schedulerId)), "read scheduler");
    if (s.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    String tz = s.getOrDefault("tz", "");
    long next;
    String specKey;
    String specValue;
    if (s.containsKey("every")) {
      long every = Long.parseLong(s.get("every"));
      long periods = Math.max(1, (now - currentMillis) / every + 1);
      next = currentMillis + periods * every;
      specKey = "every";
      specValue = s.get("every");
    } else if (s.containsKey("pattern")) {
      ZoneId zone = tz.isEmpty() ? ZoneOffset.UTC : ZoneId.of(tz);
      next = new CronSchedule(s.get("pattern")).nextAfter(Math.max(now, currentMillis), zone);
      specKey = "pattern";
      specValue = s.get("pattern");
    } else {
      return;
    }
    String templateOpts = s.getOrDefault("opts", "{}");
    JobOptions template = OptsCodec.decode(templateOpts);
    run(
        schedulerId,
        next,
        now,
        "next",
        specKey,
        specValue,
        Long.parseLong(s.getOrDefault("offset", "0")),
        tz,
        s.getOrDefault("name", schedulerId),
        s.getOrDefault("data", "{}"),
        templateOpts,
        jobOpts(template, schedulerId, next, now, specKey, specValue, tz),
        template);
  }

  /** Removes a scheduler and its pending job; false when there was none. */
  public boolean remove(String schedulerId) {
    String[] k = {
      keys.repeat(), keys.scheduler(schedulerId), keys.delayed(), keys.waiting(), keys.prioritized()
    };
    List<Object> r =
        await(
            scripts.run(redis, Script.REMOVE_SCHEDULER, k, keys.base(), schedulerId),
            "remove scheduler " + schedulerId);
    return Replies.code(r) == 1;
  }

  private List<Object> run(
      String schedulerId,
      long millis,
      long now,
      String mode,
      String specKey,
      String specValue,
      long offset,
      String tz,
      String name,
      String dataJson,
      String templateOpts,
      String jobOpts,
      JobOptions template) {
    String[] k = {
      keys.repeat(),
      keys.scheduler(schedulerId),
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
    return await(
        scripts.run(
            redis,
            Script.UPSERT_SCHEDULER,
            k,
            keys.base(),
            schedulerId,
            Long.toString(millis),
            Long.toString(now),
            mode,
            specKey,
            specValue,
            Long.toString(offset),
            tz,
            name,
            dataJson,
            templateOpts,
            jobOpts,
            Integer.toString(template.priority()),
            template.lifo() ? "1" : "0"),
        "schedule " + schedulerId);
  }

  // The iteration's opts as Node writes them: the template plus repeat bookkeeping.
  private static String jobOpts(
      JobOptions template,
      String schedulerId,
      long millis,
      long now,
      String specKey,
      String specValue,
      String tz) {
    try {
      ObjectNode o = (ObjectNode) OptsCodec.JSON.readTree(OptsCodec.encode(template));
      o.remove("jobId");
      o.remove("delay");
      o.put("repeatJobKey", schedulerId);
      o.put("jobId", QueueKeys.schedulerJobId(schedulerId, millis));
      ObjectNode repeat = o.putObject("repeat");
      if (specKey.equals("every")) {
        repeat.put("every", Long.parseLong(specValue));
      } else {
        repeat.put("pattern", specValue);
        o.put("prevMillis", millis);
      }
      if (!tz.isEmpty()) {
        repeat.put("tz", tz);
      }
      o.put("timestamp", now);
      o.put("delay", Math.max(0, millis - now));
      return o.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ZoneId zone(ZoneId zone) {
    return zone == null ? ZoneOffset.UTC : zone;
  }

  /** The millis of an iteration, from its job id "repeat:<id>:<millis>", or -1. */
  public static long iterationMillis(String jobId) {
    int colon = jobId.lastIndexOf(':');
    if (!jobId.startsWith("repeat:") || colon < 0) {
      return -1;
    }
    try {
      return Long.parseLong(jobId.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
