package dev.millrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.engine.EngineSettings;
import dev.millrace.engine.Execution;
import dev.millrace.engine.FlowEngine;
import dev.millrace.engine.PreparedFlow;
import dev.millrace.flow.Flow;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.run.InMemoryJournal;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.Waitpoint;
import dev.millrace.piece.PieceRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code millrace run FLOW}: one run, in this process, with an in-memory journal and store. No
 * Redis, no database. Delays are waited out in place; a run waiting for a resume signal ends
 * PAUSED.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs one flow locally (no Redis, no database) and prints its timeline.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FLOW", description = "The flow file (JSON or YAML).")
  Path file;

  @Option(
      names = "--trigger",
      paramLabel = "PAYLOAD",
      description =
          "The trigger payload: a JSON file, or inline JSON. For a webhook flow it is the"
              + " request body: the trigger is {method, headers, query, body}, as the app makes it.")
  String trigger;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description = "text (a timeline, the default) or json (one JSON object).")
  String output = "text";

  @Option(names = "--no-wait", description = "End PAUSED at a delay instead of waiting it out.")
  boolean noWait;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!output.equals("text") && !output.equals("json")) {
      err.println("millrace run: --output must be text or json, not " + output);
      return Millrace.EXIT_INVALID;
    }
    EngineSettings settings;
    try {
      settings = EngineSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("millrace run: " + e.getMessage());
      return Millrace.EXIT_INVALID;
    }
    PieceRegistry pieces = PieceRegistry.discover();
    Flow flow = FlowFiles.read(file, pieces, err);
    if (flow == null) {
      err.flush();
      return Millrace.EXIT_INVALID;
    }
    JsonNode payload = asTrigger(flow, payload());
    String runId = "local-" + UUID.randomUUID().toString().substring(0, 8);
    try (FlowEngine engine = FlowEngine.start(settings, pieces)) {
      PreparedFlow prepared = engine.prepare(flow);
      var journal = new InMemoryJournal();
      Execution execution =
          Execution.local(runId, payload)
              .withJournal(journal)
              .withDeadline(Instant.now().plus(settings.engine().runTimeout()));
      var timeline = new Timeline(out, output.equals("text"));
      timeline.start(flow, runId);
      long started = System.nanoTime();
      RunResult result = engine.execute(prepared, execution);
      while (result.status() == RunStatus.PAUSED && waitable(result.waitpoint())) {
        timeline.waiting(result.waitpoint());
        sleepUntil(result.waitpoint().resumeAt());
        result = engine.execute(prepared, execution);
      }
      timeline.finish(result, journal, Duration.ofNanos(System.nanoTime() - started));
      out.flush();
      return switch (result.status()) {
        case SUCCEEDED -> 0;
        case PAUSED -> Millrace.EXIT_PAUSED;
        default -> Millrace.EXIT_RUN_FAILED;
      };
    }
  }

  private boolean waitable(Waitpoint waitpoint) {
    return !noWait && waitpoint != null && waitpoint.kind() == Waitpoint.Kind.DELAY;
  }

  private static void sleepUntil(Instant at) {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // A webhook flow reads the request ({{trigger.body.x}}), so a local run gives it the payload
  // as a POST's JSON body: the same flow then runs alike here and behind the app's webhook.
  private static JsonNode asTrigger(Flow flow, JsonNode payload) {
    if (!"webhook".equals(flow.trigger().type())) {
      return payload;
    }
    ObjectNode request = FlowReader.JSON.createObjectNode().put("method", "POST");
    request.putObject("headers").put("content-type", "application/json");
    request.putObject("query");
    request.set("body", payload);
    return request;
  }

  private JsonNode payload() throws IOException {
    if (trigger == null) {
      return NullNode.getInstance();
    }
    String text = trigger.strip();
    if (!(text.startsWith("{") || text.startsWith("["))) {
      text = Files.readString(Path.of(trigger));
    }
    return FlowReader.JSON.readTree(text);
  }
}
