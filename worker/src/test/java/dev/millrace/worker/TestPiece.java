package dev.millrace.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test actions: {@code pure} (no external effect) returns its value; {@code gate} (effectful) waits
 * until the test opens the named gate; {@code barrier} (effectful) waits until {@code parties} runs
 * have reached the named barrier, proving they run at once.
 */
final class TestPiece implements Piece {
  /** A gate a step waits at until the test opens it. */
  static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    void awaitEntered() throws InterruptedException {
      if (!entered.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("no step reached the gate");
      }
    }

    void open() {
      open.countDown();
    }
  }

  private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();
  private static final Map<String, CountDownLatch> BARRIERS = new ConcurrentHashMap<>();

  static Gate gate(String name) {
    return GATES.computeIfAbsent(name, n -> new Gate());
  }

  static void barrier(String name, int parties) {
    BARRIERS.put(name, new CountDownLatch(parties));
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public String description() {
    return "worker test actions";
  }

  @Override
  public List<Action> actions() {
    return List.of(
        action(
            "pure",
            false,
            List.of(Prop.any("value", "returned as is")),
            ctx -> ctx.inputs().json("value")),
        action(
            "gate",
            true,
            List.of(Prop.string("name", "the gate").asRequired()),
            ctx -> {
              Gate g = gate(ctx.inputs().string("name"));
              g.entered.countDown();
              if (!g.open.await(60, TimeUnit.SECONDS)) {
                throw new PieceException("the gate never opened");
              }
              return JsonNodeFactory.instance.textNode("passed");
            }),
        action(
            "barrier",
            true,
            List.of(Prop.string("name", "the barrier").asRequired()),
            ctx -> {
              CountDownLatch b = BARRIERS.get(ctx.inputs().string("name"));
              b.countDown();
              if (!b.await(30, TimeUnit.SECONDS)) {
                throw new PieceException("not every party reached the barrier");
              }
              return JsonNodeFactory.instance.booleanNode(true);
            }),
        action(
            "twoPuts",
            true,
            List.of(),
            ctx -> {
              ctx.store().put(KeyValueStore.Scope.RUN, "a", JsonNodeFactory.instance.numberNode(1));
              ctx.store().put(KeyValueStore.Scope.RUN, "b", JsonNodeFactory.instance.numberNode(2));
              return JsonNodeFactory.instance.booleanNode(true);
            }));
  }

  interface Body {
    JsonNode run(ActionContext ctx) throws Exception;
  }

  private static Action action(String name, boolean effect, List<Prop> props, Body body) {
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
      public boolean hasExternalEffect() {
        return effect;
      }

      @Override
      public JsonNode run(ActionContext context) throws Exception {
        return body.run(context);
      }
    };
  }
}
