package dev.millrace.engine;

import dev.millrace.engine.internal.FlowPlan;
import dev.millrace.flow.Flow;

/**
 * A flow with its templates compiled and its actions looked up, ready to execute many times.
 * Immutable and thread-safe; cache it per flow version. Made by {@link FlowEngine#prepare}.
 */
public final class PreparedFlow {
  private final Flow flow;
  private final FlowPlan plan;

  PreparedFlow(Flow flow, FlowPlan plan) {
    this.flow = flow;
    this.plan = plan;
  }

  public Flow flow() {
    return flow;
  }

  FlowPlan plan() {
    return plan;
  }
}
