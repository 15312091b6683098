package dev.millrace.pieces.subflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Piece;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.util.List;

/**
 * Calls another flow and waits for it, durably. {@code call} pauses the run with a RESUME waitpoint
 * whose data is {@code {subflow: {flowId, payload}}}; the app starts the child run (once, however
 * often the pause is reported) and resumes this step with {@code {runId, status, output, error}}
 * when the child ends (docs/worker-api.md, "Sub-flows"). Pausing changes nothing outside the run.
 */
public final class SubflowPiece implements Piece {
  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "call",
              "Run another flow with a payload and wait for its result",
              List.of(
                  Prop.string("flowId", "The id of the flow to call").asRequired(),
                  Prop.any("payload", "The child run's trigger output")),
              SubflowPiece::call));

  @Override
  public String name() {
    return "subflow";
  }

  @Override
  public String description() {
    return "Call another flow and wait for its result";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static JsonNode call(ActionContext context) {
    ObjectNode call = JsonValues.NODES.objectNode();
    call.put("flowId", context.inputs().string("flowId"));
    call.set("payload", context.inputs().json("payload"));
    ObjectNode data = JsonValues.NODES.objectNode();
    data.set("subflow", call);
    throw context.waitForResume(null, data);
  }
}
