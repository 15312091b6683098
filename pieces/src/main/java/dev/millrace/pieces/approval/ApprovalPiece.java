package dev.millrace.pieces.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * Waits for a person's decision. {@code request} pauses the run ({@code throw
 * ctx.waitForResume(...)}) with {@code {message, approvers, deadline}}; the app later resumes it
 * with a payload such as {@code {approved: true, by, comment}}, and the engine makes that payload
 * the step's output. Pausing has no effect outside the run, so the action is effect-free.
 */
public final class ApprovalPiece implements Piece {
  private static final long MAX_HOURS = 24L * 366;

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "request",
              "Pause until someone approves or rejects; the decision becomes the output",
              List.of(
                  Prop.string("message", "What the approver is asked").asRequired(),
                  Prop.number("timeoutHours", "Give up after this many hours; never if absent"),
                  Prop.array("approvers", "Who may decide (e-mail addresses or user names)")),
              ApprovalPiece::request));

  @Override
  public String name() {
    return "approval";
  }

  @Override
  public String description() {
    return "Pause a run until someone approves or rejects it";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static JsonNode request(ActionContext context) {
    Inputs in = context.inputs();
    ObjectNode data = JsonValues.NODES.objectNode();
    data.put("message", in.string("message"));
    if (in.has("approvers")) {
      data.set("approvers", in.json("approvers"));
    }
    Instant deadline = null;
    if (in.has("timeoutHours")) {
      BigDecimal hours = JsonValues.decimal(in.json("timeoutHours"), "timeoutHours");
      if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(MAX_HOURS)) > 0) {
        throw PieceException.permanent(
            "timeoutHours must be more than 0 and at most "
                + MAX_HOURS
                + ", got "
                + hours.toPlainString());
      }
      long seconds =
          hours.multiply(BigDecimal.valueOf(3600)).setScale(0, RoundingMode.HALF_UP).longValue();
      deadline = context.now().plusSeconds(seconds);
      data.put("deadline", deadline.toString());
    }
    throw context.waitForResume(deadline, data);
  }
}
