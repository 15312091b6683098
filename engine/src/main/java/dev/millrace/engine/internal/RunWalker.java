package dev.millrace.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.engine.Execution;
import dev.millrace.flow.Condition;
import dev.millrace.flow.Flow;
import dev.millrace.flow.Step;
import dev.millrace.flow.StepPath;
import dev.millrace.flow.run.LeaseLostException;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.flow.run.StepStatus;
import dev.millrace.flow.run.Waitpoint;
import dev.millrace.flow.template.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Walks one execution of a run: replays what the journal holds, executes the rest, and records each
 * step as it ends. One walker per execution; not thread-safe.
 */
public final class RunWalker {
  private final EngineServices services;
  private final FlowPlan plan;
  private final Flow flow;
  private final Execution execution;
  private final Instant deadline;
  private final StepRunner runner;
  private final List<StepRecord> records = new ArrayList<>();
  private JsonNode lastOutput = NullNode.getInstance();
  private JsonNode response;

  public RunWalker(EngineServices services, FlowPlan plan, Flow flow, Execution execution) {
    this.services = services;
    this.plan = plan;
    this.flow = flow;
    this.execution = execution;
    Instant now = services.config().clock().instant();
    this.deadline =
        execution.deadline() != null
            ? execution.deadline()
            : now.plus(services.config().runTimeout());
    this.runner = new StepRunner(services, execution, deadline, this::setResponse);
  }

  private void setResponse(JsonNode reply) {
    response = reply;
  }

  /** Runs to the end, a pause, a failure, a cancel or the deadline. */
  public RunResult walk() {
    var globals = new HashMap<String, JsonNode>();
    globals.put("trigger", execution.trigger());
    globals.put("vars", flow.variables());
    ObjectNode run = JsonNodeFactory.instance.objectNode();
    run.put("id", execution.runId()).put("flowId", execution.flowId());
    globals.put("run", run);
    RunStatus status = RunStatus.SUCCEEDED;
    String error = null;
    Waitpoint waitpoint = null;
    try {
      walk(flow.steps(), Frame.root(globals), StepPath.ROOT);
    } catch (RunHalt halt) {
      status = halt.status;
      error = halt.getMessage();
      waitpoint = halt.waitpoint;
    }
    JsonNode output = status == RunStatus.SUCCEEDED ? lastOutput : NullNode.getInstance();
    return new RunResult(status, output, error, records, waitpoint, response);
  }

  private void walk(List<Step> steps, Frame frame, String scope) {
    for (Step step : steps) {
      checkBoundary();
      JsonNode output = replayOrRun(step, scope, frame);
      frame.bind(step.name(), output);
      // Branch steps run in their router's scope, so a router's output is that of its last branch
      // step.
      if (scope.isEmpty() && !(step instanceof Step.RouterStep)) {
        lastOutput = output;
      }
    }
  }

  private JsonNode replayOrRun(Step step, String scope, Frame frame) {
    String path = StepPath.of(scope, step.name());
    Optional<StepRecord> recorded = execution.journal().find(path);
    if (recorded.isPresent()) {
      StepRecord record = recorded.get();
      switch (record.status()) {
        case SUCCEEDED, SKIPPED -> {
          records.add(record);
          if (step instanceof Step.RouterStep router) {
            walkChosen(router, record.output(), frame, scope);
          }
          if (step instanceof Step.PieceStep piece && isWebhookReply(piece)) {
            response = record.output();
          }
          return nullToJson(record.output());
        }
        case PAUSED -> {
          return resumeOrPauseAgain(record);
        }
        case FAILED -> {
          if (step.onError() == Step.OnError.CONTINUE) {
            records.add(record);
            return errorOutput(record.error());
          }
          // A failed step that stopped the run is executed again: this is a retry of the run.
        }
      }
    }
    return switch (step) {
      case Step.RouterStep router -> route(router, path, scope, frame);
      case Step.LoopStep loop -> loop(loop, path, frame);
      default -> finish(step, runner.run(step, plan.plan(step), path, frame));
    };
  }

  /**
   * The reply of a sync webhook is the output of webhook.respond; on replay it is restored from it.
   */
  private static boolean isWebhookReply(Step.PieceStep step) {
    return step.piece().equals("webhook") && step.action().equals("respond");
  }

  private JsonNode finish(Step step, StepRecord record) {
    records.add(record);
    if (record.status() == StepStatus.PAUSED) {
      throw new RunHalt(RunStatus.PAUSED, null, record.waitpoint());
    }
    if (record.status() == StepStatus.FAILED) {
      if (step.onError() == Step.OnError.CONTINUE) {
        return errorOutput(record.error());
      }
      throw new RunHalt(
          RunStatus.FAILED, "step \"" + record.path() + "\" failed: " + record.error(), null);
    }
    return nullToJson(record.output());
  }

  private JsonNode resumeOrPauseAgain(StepRecord paused) {
    Waitpoint waitpoint = paused.waitpoint();
    Instant now = services.config().clock().instant();
    JsonNode output = null;
    if (waitpoint.kind() == Waitpoint.Kind.DELAY && !now.isBefore(waitpoint.resumeAt())) {
      output =
          JsonNodeFactory.instance
              .objectNode()
              .put("resumedAt", now.toString())
              .put("waitedUntil", waitpoint.resumeAt().toString());
    } else if (execution.resume() != null && execution.resume().stepPath().equals(paused.path())) {
      output = nullToJson(execution.resume().payload());
    } else if (waitpoint.kind() == Waitpoint.Kind.RESUME
        && waitpoint.resumeAt() != null
        && !now.isBefore(waitpoint.resumeAt())) {
      StepRecord expired =
          new StepRecord(
              paused.path(),
              StepStatus.FAILED,
              null,
              "no resume before its deadline " + waitpoint.resumeAt(),
              paused.attempts(),
              paused.startedAt(),
              now,
              paused.logs(),
              null);
      execution.journal().append(expired, true);
      records.add(expired);
      throw new RunHalt(
          RunStatus.FAILED, "step \"" + paused.path() + "\" failed: " + expired.error(), null);
    }
    if (output == null) {
      records.add(paused);
      throw new RunHalt(RunStatus.PAUSED, null, waitpoint);
    }
    StepRecord resumed = paused.resumed(output, now);
    execution.journal().append(resumed, true);
    records.add(resumed);
    return output;
  }

  private JsonNode route(Step.RouterStep router, String path, String scope, Frame frame) {
    Instant started = services.config().clock().instant();
    ArrayNode chosen = JsonNodeFactory.instance.arrayNode();
    try {
      for (Step.Branch branch : router.branches()) {
        if (matches(branch.when(), frame)) {
          chosen.add(branch.name());
          if (router.mode() == Step.RouterMode.FIRST_MATCH) {
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      if (e instanceof RunHalt || e instanceof LeaseLostException) {
        throw e;
      }
      return finish(router, failed(path, e.getMessage(), started));
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.set("branches", chosen);
    output.put("otherwise", chosen.isEmpty());
    // The decision is journaled before any branch step runs, so a replay takes the same branches
    // even if the data the conditions read has changed since.
    StepRecord decision =
        new StepRecord(
            path,
            StepStatus.SUCCEEDED,
            output,
            null,
            1,
            started,
            services.config().clock().instant(),
            List.of(),
            null);
    execution.journal().append(decision, false);
    records.add(decision);
    walkChosen(router, output, frame, scope);
    return output;
  }

  /** Branch steps live in the router's own scope: their paths are their names, like any step's. */
  private void walkChosen(Step.RouterStep router, JsonNode decision, Frame frame, String scope) {
    if (decision.path("otherwise").asBoolean(false)) {
      walk(router.otherwise(), frame, scope);
      return;
    }
    for (JsonNode name : decision.path("branches")) {
      for (Step.Branch branch : router.branches()) {
        if (branch.name().equals(name.asText())) {
          walk(branch.steps(), frame, scope);
        }
      }
    }
  }

  private boolean matches(Condition condition, Frame frame) {
    return switch (condition) {
      case Condition.Comparison c -> {
        Template[] operands = plan.operands(c);
        JsonNode left = renderOrMissing(operands[0], frame);
        JsonNode right = c.right() == null ? null : operands[1].render(frame);
        yield Conditions.test(left, c.op(), right);
      }
      case Condition.AllOf all -> all.conditions().stream().allMatch(c -> matches(c, frame));
      case Condition.AnyOf any -> any.conditions().stream().anyMatch(c -> matches(c, frame));
    };
  }

  /** A condition's left side may point at nothing: that is what {@code exists} asks about. */
  private static JsonNode renderOrMissing(Template template, Frame frame) {
    try {
      return template.render(frame);
    } catch (dev.millrace.flow.template.TemplateException e) {
      return null;
    }
  }

  private JsonNode loop(Step.LoopStep loop, String path, Frame frame) {
    Instant started = services.config().clock().instant();
    JsonNode items;
    try {
      items = ((FlowPlan.ControlPlan) plan.plan(loop)).items().render(frame);
    } catch (RuntimeException e) {
      return finish(loop, failed(path, e.getMessage(), started));
    }
    if (!items.isArray()) {
      return finish(
          loop,
          failed(
              path,
              "items must be a list, got "
                  + items.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
              started));
    }
    ArrayNode outputs = JsonNodeFactory.instance.arrayNode(items.size());
    for (int i = 0; i < items.size(); i++) {
      Frame iteration = frame.iteration(items.get(i), i);
      String scope = StepPath.iteration(path, i);
      JsonNode last = NullNode.getInstance();
      for (Step inner : loop.steps()) {
        checkBoundary();
        last = replayOrRun(inner, scope, iteration);
        iteration.bind(inner.name(), last);
      }
      outputs.add(last);
    }
    StepRecord done =
        new StepRecord(
            path,
            StepStatus.SUCCEEDED,
            outputs,
            null,
            1,
            started,
            services.config().clock().instant(),
            List.of(),
            null);
    execution.journal().append(done, false);
    records.add(done);
    return outputs;
  }

  /**
   * Records the failure of a router or loop itself (a bad condition, items that are not a list).
   */
  private StepRecord failed(String path, String error, Instant started) {
    StepRecord record =
        new StepRecord(
            path,
            StepStatus.FAILED,
            null,
            error,
            1,
            started,
            services.config().clock().instant(),
            List.of(),
            null);
    execution.journal().append(record, true);
    return record;
  }

  private void checkBoundary() {
    if (execution.cancelled().getAsBoolean()) {
      throw new RunHalt(RunStatus.CANCELLED, "the run was cancelled", null);
    }
    if (!services.config().clock().instant().isBefore(deadline)) {
      throw new RunHalt(RunStatus.TIMED_OUT, "the run passed its deadline " + deadline, null);
    }
  }

  private static JsonNode nullToJson(JsonNode node) {
    return node == null ? NullNode.getInstance() : node;
  }

  private static JsonNode errorOutput(String error) {
    return JsonNodeFactory.instance.objectNode().put("error", error);
  }
}
