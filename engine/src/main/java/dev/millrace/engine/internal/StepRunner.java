package dev.millrace.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.engine.Execution;
import dev.millrace.engine.code.CodeCall;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.RetryPolicy;
import dev.millrace.flow.Step;
import dev.millrace.flow.run.LeaseLostException;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.flow.run.StepStatus;
import dev.millrace.flow.template.Template;
import dev.millrace.flow.template.TemplateException;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.PauseRequested;
import dev.millrace.piece.PieceException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Executes one piece or code step: renders its inputs, attempts it under its retry policy, checks
 * its output, and journals the record before returning it.
 */
final class StepRunner {
  private final EngineServices services;
  private final Execution execution;
  private final Instant deadline;
  private final Consumer<JsonNode> responder;

  StepRunner(
      EngineServices services,
      Execution execution,
      Instant deadline,
      Consumer<JsonNode> responder) {
    this.services = services;
    this.execution = execution;
    this.deadline = deadline;
    this.responder = responder;
  }

  /** Runs {@code step} at {@code path}; the returned record is already in the journal. */
  StepRecord run(Step step, FlowPlan.Plan plan, String path, Frame frame) {
    Instant started = services.config().clock().instant();
    StepLines log = new StepLines(services.config().maxLogLines());
    boolean effect = hasExternalEffect(plan);
    if (effect) {
      // The inputs of a step with an external effect must be durable before the effect happens.
      execution.journal().flush();
    }
    StepRecord outcome = attempts(step, plan, path, frame, log, started);
    // Effect-free successes may wait in the journal's buffer (architecture §2.4); effectful steps,
    // failures and pauses are written at once. The write stays outside the attempts: a failed
    // write is not a failed step, and must never make the engine run the step's effect again.
    execution.journal().append(outcome, effect || outcome.status() != StepStatus.SUCCEEDED);
    return outcome;
  }

  /** Attempts the step under its retry policy; returns the record of how it ended. */
  private StepRecord attempts(
      Step step, FlowPlan.Plan plan, String path, Frame frame, StepLines log, Instant started) {
    RetryPolicy retry = step.retry();
    int attempt = 0;
    String error;
    while (true) {
      attempt++;
      try {
        JsonNode output = attempt(step, plan, path, frame, log);
        checkSize(output);
        return end(path, StepStatus.SUCCEEDED, output, null, attempt, started, log, null);
      } catch (PauseRequested pause) {
        return end(
            path, StepStatus.PAUSED, null, null, attempt, started, log, pause.waitpoint(path));
      } catch (LeaseLostException e) {
        throw e;
      } catch (Exception e) {
        error = message(e);
        boolean permanent =
            e instanceof PieceException p && p.isPermanent() || e instanceof TemplateException;
        if (permanent
            || attempt >= retry.attempts()
            || !waitBeforeRetry(retry.delayBefore(attempt), log, error)) {
          break;
        }
      } catch (StackOverflowError e) {
        error = "the step overflowed the stack";
        break;
      }
    }
    return end(path, StepStatus.FAILED, null, error, attempt, started, log, null);
  }

  private StepRecord end(
      String path,
      StepStatus status,
      JsonNode output,
      String error,
      int attempts,
      Instant started,
      StepLines log,
      dev.millrace.flow.run.Waitpoint waitpoint) {
    return new StepRecord(
        path,
        status,
        output,
        error,
        attempts,
        started,
        services.config().clock().instant(),
        log.lines(),
        waitpoint);
  }

  private JsonNode attempt(Step step, FlowPlan.Plan plan, String path, Frame frame, StepLines log)
      throws Exception {
    return switch (plan) {
      case FlowPlan.PiecePlan piece -> {
        ObjectNode rendered = render(piece.input(), frame, piece);
        var context =
            new StepContext(
                Inputs.check(piece.action().props(), rendered),
                execution.runId(),
                path,
                execution.store().forStep(execution.runId() + ":" + path),
                services.http(),
                log,
                services.config().clock().instant(),
                responder);
        JsonNode output = piece.action().run(context);
        yield output == null ? NullNode.getInstance() : output;
      }
      case FlowPlan.CodePlan code -> {
        JsonNode inputs = code.input().render(frame);
        yield services
            .code()
            .run(
                new CodeCall(
                    ((Step.CodeStep) step).source(),
                    inputs,
                    execution.runId(),
                    path,
                    code.usesFetch() ? services.http() : null,
                    log,
                    execution.flowId()));
      }
      case FlowPlan.ControlPlan control ->
          throw new IllegalStateException("not a leaf step: " + step.name());
    };
  }

  private static ObjectNode render(Template input, Frame frame, FlowPlan.PiecePlan piece) {
    return switch (input) {
      case Template.ObjectTemplate object -> object.renderFields(frame, piece.optional()::contains);
      default -> {
        JsonNode value = input.render(frame);
        yield value.isObject()
            ? ((ObjectNode) value).deepCopy()
            : FlowReader.JSON.createObjectNode();
      }
    };
  }

  private static boolean hasExternalEffect(FlowPlan.Plan plan) {
    return switch (plan) {
      // a keyed effect happens once whatever the journal holds, so it may be journaled lazily
      case FlowPlan.PiecePlan piece ->
          piece.action().hasExternalEffect() && !piece.action().effectIsKeyed();
      case FlowPlan.CodePlan code -> code.usesFetch();
      case FlowPlan.ControlPlan control -> false;
    };
  }

  private void checkSize(JsonNode output) {
    int limit = services.config().maxStepOutputBytes();
    int size;
    try {
      size = FlowReader.JSON.writeValueAsBytes(output).length;
    } catch (JsonProcessingException e) {
      throw PieceException.permanent("the step's output is not JSON: " + e.getOriginalMessage());
    }
    if (size > limit) {
      throw PieceException.permanent(
          "the step's output is "
              + size
              + " bytes, over the limit of "
              + limit
              + " bytes (MILLRACE_MAX_STEP_OUTPUT_BYTES)");
    }
  }

  /** Waits out a retry delay; false when the run's deadline or a cancel comes first. */
  private boolean waitBeforeRetry(Duration delay, StepLines log, String error) {
    Instant wakeAt = services.config().clock().instant().plus(delay);
    if (!wakeAt.isBefore(deadline)) {
      return false;
    }
    log.warn("attempt failed: " + error + "; retrying in " + delay.toMillis() + " ms");
    long until = System.nanoTime() + delay.toNanos();
    try {
      while (System.nanoTime() < until) {
        if (execution.cancelled().getAsBoolean()) {
          return false;
        }
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private static String message(Throwable e) {
    String text = e.getMessage();
    if (e instanceof PieceException || e instanceof TemplateException) {
      return text;
    }
    return text == null || text.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + text;
  }
}
