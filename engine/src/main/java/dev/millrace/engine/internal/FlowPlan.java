package dev.millrace.engine.internal;

import dev.millrace.flow.Condition;
import dev.millrace.flow.Flow;
import dev.millrace.flow.Step;
import dev.millrace.flow.template.Template;
import dev.millrace.piece.Action;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.piece.Prop;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The compiled templates and looked-up actions of every step of a flow, by step identity. */
public final class FlowPlan {
  private final Flow flow;
  private final Map<Step, Plan> plans = new IdentityHashMap<>();
  private final Map<Condition, Template[]> comparisons = new IdentityHashMap<>();

  /** What a piece step needs at run time. */
  public record PiecePlan(Action action, Template input, Set<String> optional) implements Plan {}

  /** What a code step needs at run time. */
  public record CodePlan(Template input, boolean usesFetch) implements Plan {}

  /** A router or loop: its templates. */
  public record ControlPlan(Template items) implements Plan {}

  public sealed interface Plan permits PiecePlan, CodePlan, ControlPlan {}

  public FlowPlan(Flow flow, PieceRegistry pieces) {
    this.flow = flow;
    prepare(flow.steps(), pieces);
  }

  public Flow flow() {
    return flow;
  }

  public Plan plan(Step step) {
    return plans.get(step);
  }

  /** The compiled {@code left} and {@code right} of a comparison. */
  public Template[] operands(Condition.Comparison comparison) {
    return comparisons.get(comparison);
  }

  private void prepare(List<Step> steps, PieceRegistry pieces) {
    for (Step step : steps) {
      switch (step) {
        case Step.PieceStep piece -> {
          Action action =
              pieces
                  .action(piece.piece(), piece.action())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "step \""
                                  + piece.name()
                                  + "\": unknown action "
                                  + piece.piece()
                                  + "."
                                  + piece.action()));
          Set<String> optional =
              action.props().stream()
                  .filter(p -> !p.required())
                  .map(Prop::name)
                  .collect(Collectors.toSet());
          plans.put(step, new PiecePlan(action, Template.compile(piece.input()), optional));
        }
        case Step.CodeStep code ->
            plans.put(
                step,
                new CodePlan(Template.compile(code.input()), code.source().contains("fetch")));
        case Step.RouterStep router -> {
          plans.put(step, new ControlPlan(null));
          router.branches().forEach(b -> prepare(b.when()));
          router.branches().forEach(b -> prepare(b.steps(), pieces));
          prepare(router.otherwise(), pieces);
        }
        case Step.LoopStep loop -> {
          plans.put(step, new ControlPlan(Template.compile(loop.items())));
          prepare(loop.steps(), pieces);
        }
      }
    }
  }

  private void prepare(Condition condition) {
    switch (condition) {
      case Condition.Comparison c ->
          comparisons.put(
              c, new Template[] {Template.compile(c.left()), Template.compile(c.right())});
      case Condition.AllOf all -> all.conditions().forEach(this::prepare);
      case Condition.AnyOf any -> any.conditions().forEach(this::prepare);
    }
  }
}
