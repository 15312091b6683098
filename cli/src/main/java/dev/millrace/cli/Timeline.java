package dev.millrace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.Flow;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.run.InMemoryJournal;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.flow.run.Waitpoint;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Prints a run for a person (a timeline of steps with timings and logs) or for a program (exactly
 * one JSON object: {@code {status, output, error, steps: {path: {status, output, error}}}}).
 */
final class Timeline {
  private static final int PREVIEW = 100;
  private final PrintWriter out;
  private final boolean text;

  Timeline(PrintWriter out, boolean text) {
    this.out = out;
    this.text = text;
  }

  void start(Flow flow, String runId) {
    if (text) {
      out.println("run " + runId + " of flow \"" + flow.name() + "\"");
      out.flush();
    }
  }

  void waiting(Waitpoint waitpoint) {
    if (text) {
      out.println("  … " + waitpoint.stepPath() + " waits until " + waitpoint.resumeAt());
      out.flush();
    }
  }

  void finish(RunResult result, InMemoryJournal journal, Duration took) {
    if (text) {
      printText(result, journal, took);
    } else {
      printJson(result, journal);
    }
  }

  private void printText(RunResult result, InMemoryJournal journal, Duration took) {
    for (StepRecord step : journal.records()) {
      long ms = Duration.between(step.startedAt(), step.finishedAt()).toMillis();
      String mark =
          switch (step.status()) {
            case SUCCEEDED -> "✓";
            case FAILED -> "✗";
            case SKIPPED -> "-";
            case PAUSED -> "‖";
          };
      String detail =
          switch (step.status()) {
            case FAILED -> step.error();
            case PAUSED -> "waiting: " + describe(step.waitpoint());
            default -> preview(step.output());
          };
      String attempts = step.attempts() > 1 ? " (" + step.attempts() + " attempts)" : "";
      out.printf("  %s %-28s %6d ms  %s%s%n", mark, step.path(), ms, detail, attempts);
      step.logs().forEach(line -> out.println("      | " + line));
    }
    out.println(result.status() + " in " + took.toMillis() + " ms");
    if (result.error() != null) {
      out.println("error: " + result.error());
    }
    if (result.waitpoint() != null) {
      out.println(
          "waiting at " + result.waitpoint().stepPath() + ": " + describe(result.waitpoint()));
    }
    if (result.output() != null && !result.output().isNull()) {
      out.println("output: " + json(result.output()));
    }
  }

  private void printJson(RunResult result, InMemoryJournal journal) {
    ObjectNode root = FlowReader.JSON.createObjectNode();
    root.put("status", result.status().name());
    root.set("output", result.output());
    root.put("error", result.error());
    ObjectNode steps = root.putObject("steps");
    for (StepRecord step : journal.records()) {
      ObjectNode entry = steps.putObject(step.path());
      entry.put("status", step.status().name());
      entry.set("output", step.output());
      entry.put("error", step.error());
      entry.put("attempts", step.attempts());
      if (!step.logs().isEmpty()) {
        step.logs().forEach(entry.putArray("logs")::add);
      }
    }
    if (result.waitpoint() != null) {
      root.set("waitpoint", FlowReader.JSON.valueToTree(result.waitpoint()));
    }
    if (result.response() != null) {
      root.set("response", result.response());
    }
    out.println(json(root));
  }

  private static String describe(Waitpoint waitpoint) {
    return switch (waitpoint.kind()) {
      case DELAY -> "until " + waitpoint.resumeAt();
      case RESUME ->
          "for a resume signal"
              + (waitpoint.resumeAt() == null ? "" : " until " + waitpoint.resumeAt());
    };
  }

  private static String preview(JsonNode output) {
    String json = json(output);
    return json.length() <= PREVIEW ? json : json.substring(0, PREVIEW - 1) + "…";
  }

  private static String json(JsonNode node) {
    try {
      return FlowReader.JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return String.valueOf(node);
    }
  }
}
