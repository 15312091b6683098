package dev.millrace.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.piece.StepLog;
import java.time.Instant;
import java.util.function.Consumer;

/** The {@link ActionContext} of one step attempt. */
record StepContext(
    Inputs inputs,
    String runId,
    String stepPath,
    KeyValueStore store,
    OutboundHttp http,
    StepLog log,
    Instant now,
    Consumer<JsonNode> responder)
    implements ActionContext {
  @Override
  public void respond(JsonNode response) {
    responder.accept(response);
  }
}
