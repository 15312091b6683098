package dev.millrace.cli.queue;

import dev.millrace.flow.FlowReader;
import dev.millrace.queue.Backoff;
import dev.millrace.queue.Job;
import dev.millrace.queue.JobOptions;
import dev.millrace.queue.JobState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The subcommands of {@code millrace queue}; each prints one JSON value. */
final class QueueSubcommands {
  private QueueSubcommands() {}

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Adds a job; prints its id.")
  static final class Add implements Callable<Integer> {
    @Mixin QueueCommand.Target target;
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, description = "Job name.")
    String name;

    @Option(names = "--data", defaultValue = "{}", description = "Job data, JSON (default {}).")
    String data;

    @Option(names = "--id", description = "Custom job id.")
    String jobId;

    @Option(names = "--delay", description = "Delay in milliseconds.")
    Long delay;

    @Option(names = "--priority", description = "Priority (1 is highest; 0 means none).")
    Integer priority;

    @Option(names = "--lifo", description = "Put the job at the front of the queue.")
    boolean lifo;

    @Option(names = "--attempts", description = "Attempts before the job fails for good.")
    Integer attempts;

    @Option(
        names = "--backoff",
        paramLabel = "TYPE:MS",
        description = "fixed:MS or exponential:MS.")
    String backoff;

    @Override
    public Integer call() {
      try {
        FlowReader.JSON.readTree(data);
      } catch (Exception e) {
        throw new ParameterException(
            spec.commandLine(), "--data is not valid JSON: " + e.getMessage());
      }
      var options = JobOptions.builder();
      if (jobId != null) {
        options.jobId(jobId);
      }
      if (delay != null) {
        options.delay(Duration.ofMillis(delay));
      }
      if (priority != null) {
        options.priority(priority);
      }
      if (attempts != null) {
        options.attempts(attempts);
      }
      if (backoff != null) {
        options.backoff(backoff(backoff));
      }
      options.lifo(lifo);
      JobOptions built = options.build();
      return target.run(queue -> Map.of("id", queue.add(name, data, built)));
    }

    private Backoff backoff(String text) {
      String[] parts = text.split(":", 2);
      try {
        Duration delayMs = Duration.ofMillis(Long.parseLong(parts[1]));
        return switch (parts[0]) {
          case "fixed" -> Backoff.fixed(delayMs);
          case "exponential" -> Backoff.exponential(delayMs);
          default -> throw new IllegalArgumentException();
        };
      } catch (RuntimeException e) {
        throw new ParameterException(
            spec.commandLine(), "--backoff must be fixed:MS or exponential:MS, not " + text);
      }
    }
  }

  @Command(
      name = "counts",
      mixinStandardHelpOptions = true,
      description = "Prints job counts by state.")
  static final class Counts implements Callable<Integer> {
    @Mixin QueueCommand.Target target;

    @Override
    public Integer call() {
      return target.run(queue -> queue.getJobCounts());
    }
  }

  @Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists jobs in one state.")
  static final class Jobs implements Callable<Integer> {
    @Mixin QueueCommand.Target target;
    @Spec CommandSpec spec;

    @Option(
        names = "--state",
        defaultValue = "waiting",
        description = "waiting, active, delayed, prioritized, completed or failed.")
    String state;

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "At most this many jobs (default 20).")
    int limit;

    @Override
    public Integer call() {
      JobState wanted = state(spec, state);
      return target.run(
          queue -> queue.getJobs(wanted, 0, limit - 1).stream().map(Jobs::summary).toList());
    }

    private static Map<String, Object> summary(Job job) {
      var out = new LinkedHashMap<String, Object>();
      out.put("id", job.id());
      out.put("name", job.name());
      out.put("data", job.dataJson());
      out.put("timestamp", job.timestamp());
      out.put("attemptsMade", job.attemptsMade());
      if (job.failedReason() != null) {
        out.put("failedReason", job.failedReason());
      }
      if (job.returnValueJson() != null) {
        out.put("returnvalue", job.returnValueJson());
      }
      return out;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pauses the queue: workers take no new jobs.")
  static final class Pause implements Callable<Integer> {
    @Mixin QueueCommand.Target target;

    @Override
    public Integer call() {
      return target.run(
          queue -> {
            queue.pause();
            return Map.of("paused", true);
          });
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resumes a paused queue.")
  static final class Resume implements Callable<Integer> {
    @Mixin QueueCommand.Target target;

    @Override
    public Integer call() {
      return target.run(
          queue -> {
            queue.resume();
            return Map.of("paused", false);
          });
    }
  }

  @Command(
      name = "retry-failed",
      mixinStandardHelpOptions = true,
      description = "Moves every failed job back to waiting.")
  static final class RetryFailed implements Callable<Integer> {
    @Mixin QueueCommand.Target target;

    @Override
    public Integer call() {
      return target.run(queue -> Map.of("retried", queue.retryFailed()));
    }
  }

  @Command(
      name = "clean",
      mixinStandardHelpOptions = true,
      description = "Deletes old jobs in one state.")
  static final class Clean implements Callable<Integer> {
    @Mixin QueueCommand.Target target;
    @Spec CommandSpec spec;

    @Option(
        names = "--state",
        defaultValue = "completed",
        description = "State to clean (default completed).")
    String state;

    @Option(
        names = "--grace",
        defaultValue = "0",
        description = "Keep jobs younger than this many milliseconds.")
    long grace;

    @Option(names = "--limit", defaultValue = "0", description = "At most this many (0: no limit).")
    int limit;

    @Override
    public Integer call() {
      JobState wanted = state(spec, state);
      return target.run(
          queue -> Map.of("deleted", queue.clean(Duration.ofMillis(grace), limit, wanted)));
    }
  }

  @Command(
      name = "obliterate",
      mixinStandardHelpOptions = true,
      description = "Deletes the queue and all its jobs.")
  static final class Obliterate implements Callable<Integer> {
    @Mixin QueueCommand.Target target;

    @Option(names = "--force", description = "Even while jobs are active.")
    boolean force;

    @Override
    public Integer call() {
      return target.run(
          queue -> {
            queue.obliterate(force);
            return Map.of("obliterated", true);
          });
    }
  }

  static JobState state(CommandSpec spec, String name) {
    for (JobState state : JobState.values()) {
      if (state.wireName().equals(name.toLowerCase(Locale.ROOT))) {
        return state;
      }
    }
    throw new ParameterException(
        spec.commandLine(),
        "unknown state "
            + name
            + "; use one of "
            + List.of(JobState.values()).stream().map(JobState::wireName).toList());
  }
}
