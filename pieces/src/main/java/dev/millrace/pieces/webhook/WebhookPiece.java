package dev.millrace.pieces.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.piece.TriggerDefinition;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.util.List;

/**
 * The {@code webhook} trigger (the app listens; a run's trigger output is {@code {method, headers,
 * query, body}}) and the {@code respond} action, which sets the reply of a sync webhook. {@code
 * respond} is effect-free: the reply is only sent when the app reads the run's result, so running
 * the step again just sets the same reply again.
 */
public final class WebhookPiece implements Piece {
  private static final List<TriggerDefinition> TRIGGERS =
      List.of(
          new TriggerDefinition(
              "webhook",
              "Start a run when a request reaches the flow's webhook URL",
              List.of(
                  Prop.string(
                          "mode",
                          "sync: the caller waits for the run's reply; async: answered at once")
                      .withDefault(JsonValues.text("async"))
                      .oneOf("sync", "async"),
                  Prop.string("secret", "When set, callers must present it to start a run"))));

  private static final List<Action> ACTIONS =
      List.of(
          SimpleAction.pure(
              "respond",
              "Set the reply of a sync webhook: {status, headers, body}",
              List.of(
                  Prop.integer("status", "HTTP status, 100 to 599")
                      .withDefault(JsonValues.number(200)),
                  Prop.object("headers", "Reply headers; values are strings"),
                  Prop.any("body", "Reply body, any JSON value")),
              WebhookPiece::respond));

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public String description() {
    return "Start runs from HTTP requests and reply to them";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  @Override
  public List<TriggerDefinition> triggers() {
    return TRIGGERS;
  }

  private static JsonNode respond(ActionContext context) {
    Inputs in = context.inputs();
    long status = in.integer("status", 200);
    if (status < 100 || status > 599) {
      throw PieceException.permanent("status must be between 100 and 599, got " + status);
    }
    ObjectNode headers = JsonValues.NODES.objectNode();
    if (in.has("headers")) {
      for (var field : in.json("headers").properties()) {
        JsonNode value = field.getValue();
        if (value.isContainerNode()) {
          throw PieceException.permanent(
              "header \"" + field.getKey() + "\" must be a string, number or boolean");
        }
        if (!value.isNull()) {
          headers.put(field.getKey(), value.asText());
        }
      }
    }
    ObjectNode response = JsonValues.NODES.objectNode();
    response.put("status", (int) status);
    response.set("headers", headers);
    response.set("body", in.json("body"));
    context.respond(response.deepCopy());
    return response;
  }
}
