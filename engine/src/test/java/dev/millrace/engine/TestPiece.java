package dev.millrace.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A piece for engine tests: {@code echo} returns its input, {@code flaky} fails until its n-th call
 * (counted per step path), {@code wait} waits for a resume signal. Counts every call per step path.
 */
final class TestPiece implements Piece {
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  int calls(String path) {
    AtomicInteger n = calls.get(path);
    return n == null ? 0 : n.get();
  }

  private int count(ActionContext ctx) {
    return calls.computeIfAbsent(ctx.stepPath(), p -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public String description() {
    return "test actions";
  }

  @Override
  public List<Action> actions() {
    return List.of(
        action(
            "echo",
            List.of(
                Prop.any("value", "returned as is").asRequired(), Prop.string("note", "optional")),
            ctx -> ctx.inputs().json("value")),
        action(
            "flaky",
            List.of(
                Prop.integer("succeedOn", "the call that succeeds").asRequired(),
                Prop.bool("permanent", "fail permanently")),
            ctx -> {
              int n = calls(ctx.stepPath());
              if (ctx.inputs().bool("permanent", false)) {
                throw PieceException.permanent("bad input, no retry");
              }
              if (n < ctx.inputs().integer("succeedOn", 1)) {
                throw new PieceException("failure number " + n);
              }
              return JsonNodeFactory.instance.objectNode().put("succeededOn", n);
            }),
        action(
            "wait",
            List.of(),
            ctx -> {
              throw ctx.waitForResume(
                  null, JsonNodeFactory.instance.objectNode().put("why", "test"));
            }),
        action(
            "sleep",
            List.of(Prop.integer("ms", "how long").asRequired()),
            ctx -> {
              Thread.sleep(ctx.inputs().integer("ms", 0));
              return JsonNodeFactory.instance.booleanNode(true);
            }),
        action(
            "big",
            List.of(Prop.integer("bytes", "size").asRequired()),
            ctx ->
                JsonNodeFactory.instance.textNode(
                    "x".repeat((int) ctx.inputs().integer("bytes", 0)))));
  }

  interface Body {
    JsonNode run(ActionContext ctx) throws Exception;
  }

  private Action action(String name, List<Prop> props, Body body) {
    return new Action() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return name;
      }

      @Override
      public List<Prop> props() {
        return props;
      }

      @Override
      public JsonNode run(ActionContext context) throws Exception {
        count(context);
        return body.run(context);
      }
    };
  }
}
