package dev.millrace.server.internal.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.Job;
import dev.millrace.queue.JobOptions;
import dev.millrace.queue.KeepJobs;
import dev.millrace.queue.Queue;
import dev.millrace.queue.Schedule;
import dev.millrace.queue.Worker;
import dev.millrace.queue.WorkerOptions;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.db.FlowStore;
import dev.millrace.server.internal.db.FlowStore.FlowRow;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * Cron and interval triggers. Each enabled schedule flow has a job scheduler {@code flow-<id>} on
 * the {@code schedules} queue; a firing is a job there, taken by one app replica, which creates the
 * run and adds its job. The run id is derived from the firing's job id, so a firing processed twice
 * (a stalled app replica) still makes one run; upserting an unchanged scheduler is a no-op, so
 * replicas re-registering at start do not double-fire.
 */
public final class Schedules implements AutoCloseable {
  public static final String QUEUE = "schedules";

  private final FlowStore flows;
  private final RunLauncher launcher;
  private final Queue queue;
  private final RedisClient redis;
  private Worker worker;

  public Schedules(FlowStore flows, RunLauncher launcher, RedisClient redis, String prefix) {
    this.flows = flows;
    this.launcher = launcher;
    this.redis = redis;
    this.queue = new Queue(redis, QUEUE, prefix);
  }

  /**
   * The schedule a definition asks for, or empty when its trigger is not a schedule.
   *
   * @throws IllegalArgumentException for a bad cron pattern, interval or time zone
   */
  public static Optional<Schedule> scheduleOf(JsonNode definition) {
    JsonNode trigger = definition.path("trigger");
    if (!"schedule".equals(trigger.path("type").asText())) {
      return Optional.empty();
    }
    JsonNode settings = trigger.has("settings") ? trigger.path("settings") : trigger;
    if (settings.hasNonNull("everySeconds")) {
      long seconds = settings.get("everySeconds").asLong();
      if (seconds < 1) {
        throw new IllegalArgumentException("trigger.everySeconds must be at least 1");
      }
      return Optional.of(Schedule.every(Duration.ofSeconds(seconds)));
    }
    String cron = settings.path("cron").asText();
    try {
      String tz = settings.path("timezone").asText("");
      return Optional.of(tz.isEmpty() ? Schedule.cron(cron) : Schedule.cron(cron, ZoneId.of(tz)));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("trigger.timezone: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trigger.cron: " + e.getMessage());
    }
  }

  /** Makes the flow's scheduler match it: registered when enabled with a schedule, else removed. */
  public void sync(FlowRow flow) {
    Optional<Schedule> schedule = flow.enabled() ? scheduleOf(flow.definition()) : Optional.empty();
    if (schedule.isEmpty()) {
      queue.removeJobScheduler(schedulerId(flow.id()));
      return;
    }
    queue.upsertJobScheduler(
        schedulerId(flow.id()),
        schedule.get(),
        "fire",
        Json.write(Json.object().put("flowId", flow.id().toString())),
        JobOptions.builder()
            .removeOnComplete(KeepJobs.newest(100))
            .removeOnFail(KeepJobs.newest(1000))
            .attempts(3)
            .build());
  }

  public void remove(UUID flowId) {
    queue.removeJobScheduler(schedulerId(flowId));
  }

  /** Registers every enabled flow's schedule and starts taking firings. Idempotent. */
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    for (FlowRow f : flows.allEnabled()) {
      try {
        sync(f);
      } catch (IllegalArgumentException e) {
        // a definition accepted by an older version; its schedule stays off
      }
    }
    worker =
        new Worker(
                redis,
                QUEUE,
                queue.prefix(),
                this::fire,
                WorkerOptions.builder().concurrency(2).name("millrace-schedules").build())
            .start();
  }

  private Object fire(Job job) {
    UUID flowId = UUID.fromString(job.data().path("flowId").asText());
    Optional<FlowRow> flow = flows.get(flowId).filter(FlowRow::enabled);
    if (flow.isEmpty()) {
      return "flow gone or disabled";
    }
    UUID runId = UUID.nameUUIDFromBytes(("schedule:" + job.id()).getBytes(StandardCharsets.UTF_8));
    var trigger = Json.object().put("firedAt", Instant.now().toString());
    trigger.put("scheduledFor", Instant.ofEpochMilli(job.timestamp() + job.delay()).toString());
    launcher.start(runId, flow.get(), trigger);
    return runId.toString();
  }

  public static String schedulerId(UUID flowId) {
    return "flow-" + flowId;
  }

  public Queue queue() {
    return queue;
  }

  @Override
  public synchronized void close() {
    if (worker != null) {
      worker.close(Duration.ofSeconds(5));
      worker = null;
    }
    queue.close();
  }
}
