package dev.millrace.flow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.ActionCatalog;
import dev.millrace.flow.Condition;
import dev.millrace.flow.Flow;
import dev.millrace.flow.Problem;
import dev.millrace.flow.Step;
import dev.millrace.flow.template.Template;
import dev.millrace.flow.template.TemplatePath;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks what a parsed flow means: unique step names, known pieces and actions, required inputs,
 * and templates that only look back (at the trigger, variables, earlier steps, or the enclosing
 * loop's {@code item}/{@code index}).
 */
public final class FlowValidator {
  /** Names a template may start with besides step names. */
  public static final Set<String> RESERVED_ROOTS =
      Set.of("trigger", "vars", "item", "index", "run");

  private final ActionCatalog catalog;
  private final List<Problem> problems;
  private final Map<String, String> firstSeen = new HashMap<>();
  private final Set<String> allNames = new HashSet<>();

  public FlowValidator(ActionCatalog catalog, List<Problem> problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  public void validate(Flow flow) {
    collectNames(flow.steps());
    steps(flow.steps(), "steps", new Visible(new HashSet<>(), 0, flow));
  }

  /** What a template may refer to at some point of the flow. */
  private record Visible(Set<String> steps, int loopDepth, Flow flow) {
    Visible enterLoop() {
      return new Visible(new HashSet<>(steps), loopDepth + 1, flow);
    }

    Visible branch() {
      return new Visible(new HashSet<>(steps), loopDepth, flow);
    }
  }

  private void steps(List<Step> steps, String location, Visible visible) {
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String at = location + "[" + i + "]";
      if (step.name() != null) {
        String earlier = firstSeen.putIfAbsent(step.name(), at);
        if (earlier != null) {
          problem(at, step.name(), "name", "duplicate step name (also used at " + earlier + ")");
        }
        if (RESERVED_ROOTS.contains(step.name())) {
          problem(at, step.name(), "name", "\"" + step.name() + "\" is reserved for templates");
        }
      }
      switch (step) {
        case Step.PieceStep piece -> {
          pieceAction(piece, at);
          templates(piece.input(), at, step.name(), "input", visible);
        }
        case Step.CodeStep code -> templates(code.input(), at, step.name(), "input", visible);
        case Step.RouterStep router -> {
          for (int b = 0; b < router.branches().size(); b++) {
            var branch = router.branches().get(b);
            condition(branch.when(), at, step.name(), "branches[" + b + "].when", visible);
            Visible inner = visible.branch();
            steps(branch.steps(), at + ".branches[" + b + "].steps", inner);
            visible.steps().addAll(inner.steps());
          }
          Visible otherwise = visible.branch();
          steps(router.otherwise(), at + ".otherwise", otherwise);
          visible.steps().addAll(otherwise.steps());
        }
        case Step.LoopStep loop -> {
          templates(loop.items(), at, step.name(), "items", visible);
          // Steps inside the loop are visible to later steps of the same iteration only.
          steps(loop.steps(), at + ".steps", visible.enterLoop());
        }
      }
      if (step.name() != null) {
        visible.steps().add(step.name());
      }
    }
  }

  private void collectNames(List<Step> steps) {
    for (Step step : steps) {
      allNames.add(step.name());
      switch (step) {
        case Step.RouterStep router -> {
          router.branches().forEach(b -> collectNames(b.steps()));
          collectNames(router.otherwise());
        }
        case Step.LoopStep loop -> collectNames(loop.steps());
        default -> {}
      }
    }
  }

  private void pieceAction(Step.PieceStep step, String at) {
    if (step.piece() == null || step.action() == null) {
      return;
    }
    if (!catalog.hasPiece(step.piece())) {
      problem(at, step.name(), "piece", "unknown piece \"" + step.piece() + "\"");
      return;
    }
    var inputs = catalog.inputs(step.piece(), step.action());
    if (inputs.isEmpty()) {
      problem(
          at,
          step.name(),
          "action",
          "unknown action \""
              + step.action()
              + "\" of piece \""
              + step.piece()
              + "\" (it has "
              + String.join(", ", catalog.actionNames(step.piece()))
              + ")");
      return;
    }
    var known = new HashSet<String>();
    for (var input : inputs.get()) {
      known.add(input.name());
      if (input.required() && !step.input().has(input.name())) {
        problem(at, step.name(), "input." + input.name(), "missing required input");
      }
    }
    step.input()
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                problem(
                    at,
                    step.name(),
                    "input." + name,
                    "unknown input (\""
                        + step.piece()
                        + "."
                        + step.action()
                        + "\" takes "
                        + String.join(", ", known.stream().sorted().toList())
                        + ")");
              }
            });
  }

  private void condition(
      Condition condition, String at, String step, String field, Visible visible) {
    switch (condition) {
      case null -> {}
      case Condition.Comparison c -> {
        templates(c.left(), at, step, field + ".left", visible);
        templates(c.right(), at, step, field + ".right", visible);
      }
      case Condition.AllOf all ->
          all.conditions().forEach(c -> condition(c, at, step, field, visible));
      case Condition.AnyOf any ->
          any.conditions().forEach(c -> condition(c, at, step, field, visible));
    }
  }

  private void templates(JsonNode value, String at, String step, String field, Visible visible) {
    if (value == null) {
      return;
    }
    Template template;
    try {
      template = Template.compile(value);
    } catch (IllegalArgumentException e) {
      problem(at, step, field, e.getMessage());
      return;
    }
    Consumer<TemplatePath> check =
        path -> {
          String root = path.root();
          String where = "template {{" + path.source() + "}}: ";
          switch (root) {
            case "trigger", "run" -> {}
            case "vars" -> {
              if (!path.segments().isEmpty()
                  && path.segments().getFirst() instanceof String name
                  && !visible.flow().variables().has(name)) {
                problem(at, step, field, where + "no flow variable \"" + name + "\"");
              }
            }
            case "item", "index" -> {
              if (visible.loopDepth() == 0) {
                problem(at, step, field, where + "\"" + root + "\" is only defined inside a loop");
              }
            }
            default -> {
              if (root.equals(step)) {
                problem(at, step, field, where + "a step cannot read its own output");
              } else if (!visible.steps().contains(root)) {
                problem(
                    at,
                    step,
                    field,
                    where
                        + (allNames.contains(root)
                            ? "step \"" + root + "\" does not come earlier"
                            : "no step named \"" + root + "\""));
              }
            }
          }
        };
    template.forEachPath(check);
  }

  private void problem(String at, String step, String field, String message) {
    problems.add(new Problem(at, step, field, message));
  }
}
