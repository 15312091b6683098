package dev.millrace.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A step of a flow. Names are unique within a flow; see {@link StepPath} for how runs address them.
 */
public sealed interface Step {
  String name();

  RetryPolicy retry();

  OnError onError();

  /** Calls an action of a piece with templated input. */
  record PieceStep(
      String name, String piece, String action, JsonNode input, RetryPolicy retry, OnError onError)
      implements Step {}

  /** Runs JavaScript ({@code export default async (inputs, ctx) => value}) in the code sandbox. */
  record CodeStep(String name, String source, JsonNode input, RetryPolicy retry, OnError onError)
      implements Step {}

  /** Chooses branches by condition: the first that matches, or every one that matches. */
  record RouterStep(
      String name,
      RouterMode mode,
      List<Branch> branches,
      List<Step> otherwise,
      RetryPolicy retry,
      OnError onError)
      implements Step {
    public RouterStep {
      branches = List.copyOf(branches);
      otherwise = List.copyOf(otherwise);
    }
  }

  /** Runs its steps once per item of a list; {@code {{item}}} and {@code {{index}}} inside. */
  record LoopStep(String name, JsonNode items, List<Step> steps, RetryPolicy retry, OnError onError)
      implements Step {
    public LoopStep {
      steps = List.copyOf(steps);
    }
  }

  /** One branch of a router. */
  record Branch(String name, Condition when, List<Step> steps) {
    public Branch {
      steps = List.copyOf(steps);
    }
  }

  enum RouterMode {
    FIRST_MATCH,
    ALL_MATCH
  }

  enum OnError {
    STOP,
    CONTINUE
  }
}
