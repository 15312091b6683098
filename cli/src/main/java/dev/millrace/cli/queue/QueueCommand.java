package dev.millrace.cli.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.FlowReader;
import dev.millrace.queue.Queue;
import io.lettuce.core.RedisClient;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code millrace queue ...}: operator commands on a BullMQ queue (Millrace's or any Node BullMQ
 * app's), e.g. {@code millrace queue counts --queue runs}.
 */
@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    description = "Inspects and operates a BullMQ-compatible queue in Redis.",
    subcommands = {
      QueueSubcommands.Add.class,
      QueueSubcommands.Counts.class,
      QueueSubcommands.Jobs.class,
      QueueSubcommands.Pause.class,
      QueueSubcommands.Resume.class,
      QueueSubcommands.RetryFailed.class,
      QueueSubcommands.Clean.class,
      QueueSubcommands.Obliterate.class
    })
public final class QueueCommand {
  /** The options every queue subcommand takes. */
  public static final class Target {
    @Option(
        names = "--redis",
        paramLabel = "URL",
        description = "Redis URL (default: $MILLRACE_REDIS_URL or redis://127.0.0.1:6379).")
    String redis;

    @Option(names = "--queue", paramLabel = "NAME", required = true, description = "Queue name.")
    String queue;

    @Option(
        names = "--prefix",
        paramLabel = "PREFIX",
        description = "Key prefix (default: $MILLRACE_QUEUE_PREFIX or bull).")
    String prefix;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Opens the queue, runs {@code action} on it and prints what it returns as JSON. */
    int run(Function<Queue, Object> action) {
      String url = redis != null ? redis : env("MILLRACE_REDIS_URL", "redis://127.0.0.1:6379");
      String keyPrefix =
          prefix != null ? prefix : env("MILLRACE_QUEUE_PREFIX", Queue.DEFAULT_PREFIX);
      RedisClient client = RedisClient.create(url);
      try (Queue target = new Queue(client, queue, keyPrefix)) {
        Object result = action.apply(target);
        PrintWriter out = spec.commandLine().getOut();
        out.println(FlowReader.JSON.valueToTree(result).toString());
        out.flush();
        return 0;
      } finally {
        client.shutdown();
      }
    }

    static ObjectNode object() {
      return FlowReader.JSON.createObjectNode();
    }

    private static String env(String name, String fallback) {
      String value = System.getenv(name);
      return value == null || value.isBlank() ? fallback : value;
    }
  }
}
