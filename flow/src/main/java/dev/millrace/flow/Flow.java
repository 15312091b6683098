package dev.millrace.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One version of a flow: a trigger followed by steps. Immutable; parse one with {@link FlowReader}.
 *
 * @param name human name of the flow
 * @param trigger what starts a run
 * @param steps top-level steps, executed in order
 * @param variables flow variables, read by templates as {@code {{vars.NAME}}}
 */
public record Flow(String name, TriggerSpec trigger, List<Step> steps, ObjectNode variables) {
  public Flow {
    steps = List.copyOf(steps);
  }
}
