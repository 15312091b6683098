package dev.millrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.engine.EngineConfig;
import dev.millrace.engine.Execution;
import dev.millrace.engine.FlowEngine;
import dev.millrace.engine.PreparedFlow;
import dev.millrace.engine.code.CodeLimits;
import dev.millrace.engine.code.CodeSandbox;
import dev.millrace.engine.net.EgressConfig;
import dev.millrace.engine.net.GuardedHttpClient;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.MemoryStore;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.piece.StepLog;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

/**
 * {@code ./scripts/bench engine}: the engine in process, with an in-memory journal.
 *
 * <ul>
 *   <li>a 40-step sequential flow of trivial steps ({@code math.add}, each reading the previous
 *       step through a template): the engine's cost per step, against calling the same action 40
 *       times directly (the peer: no engine at all);
 *   <li>a warm code step: p50 and p99, against a bare fresh GraalJS context evaluating {@code 1+2}
 *       on a shared engine (the peer: the floor any sandboxed step pays);
 *   <li>the first code step in a cold JVM.
 * </ul>
 */
final class EngineBench {
  private static final int STEPS = 40;

  private EngineBench() {}

  static void run() throws Exception {
    var pieces = PieceRegistry.discover();
    var reader = new FlowReader(pieces);
    long coldStart = System.nanoTime();
    try (var http = new GuardedHttpClient(EgressConfig.defaults());
        var engine =
            new FlowEngine(
                EngineConfig.defaults(), pieces, http, new CodeSandbox(CodeLimits.defaults()))) {
      PreparedFlow code =
          engine.prepare(
              reader.read(
                  """
          {"name": "code", "steps": [{"name": "inc", "type": "code", "input": {"n": "{{trigger.n}}"},
            "source": "export default ({ n }) => ({ n: n + 1 })"}]}"""));
      JsonNode trigger = JsonNodeFactory.instance.objectNode().put("n", 41);
      check(engine.execute(code, Execution.local("cold", trigger)));
      double coldMs = (System.nanoTime() - coldStart) / 1e6;
      System.out.printf(
          "cold first code step (new sandbox, first context in the JVM): %.1f ms%n", coldMs);

      PreparedFlow trivial = engine.prepare(reader.read(chain()));
      double perStepUs = trivialSteps(engine, trivial);
      double directUs = directCalls(pieces);
      System.out.printf(
          "40-step flow of trivial steps: %.2f us per step (engine); peer, the same action called"
              + " directly: %.2f us per call; engine overhead %.2f us per step%n",
          perStepUs, directUs, perStepUs - directUs);

      Stats warm = warmCode(engine, code, trigger);
      Stats floor = bareGraal();
      System.out.printf(
          "warm code step: p50 %.3f ms, p99 %.3f ms; peer, bare fresh GraalJS context (1+2):"
              + " p50 %.3f ms, p99 %.3f ms; ratio at p50 %.2f%n",
          warm.percentileMillis(50),
          warm.percentileMillis(99),
          floor.percentileMillis(50),
          floor.percentileMillis(99),
          warm.percentileMillis(50) / floor.percentileMillis(50));
      System.out.printf(
          "engine: per trivial step %.1f us, warm code step p50 %.2f ms%n",
          perStepUs, warm.percentileMillis(50));
    }
  }

  private static String chain() {
    var steps = new StringBuilder();
    for (int i = 0; i < STEPS; i++) {
      String a = i == 0 ? "{{trigger.n}}" : "{{s" + (i - 1) + "}}";
      steps
          .append(i == 0 ? "" : ",")
          .append(
              """
          {"name": "s%d", "type": "piece", "piece": "math", "action": "add", "input": {"a": "%s", "b": 1}}"""
                  .formatted(i, a));
    }
    return "{\"name\": \"chain\", \"steps\": [" + steps + "]}";
  }

  private static double trivialSteps(FlowEngine engine, PreparedFlow flow) {
    JsonNode trigger = JsonNodeFactory.instance.objectNode().put("n", 0);
    int runs = 2000;
    for (int i = 0; i < 3000; i++) {
      check(engine.execute(flow, Execution.local("warm", trigger)));
    }
    double[] rounds = new double[5];
    for (int r = 0; r < rounds.length; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        RunResult result = engine.execute(flow, Execution.local("run", trigger));
        if (result.output().asInt() != STEPS) {
          throw new IllegalStateException("wrong result " + result.output());
        }
      }
      rounds[r] = (System.nanoTime() - start) / 1e3 / runs / STEPS;
    }
    return Stats.median(rounds);
  }

  private static double directCalls(PieceRegistry pieces) throws Exception {
    Action add = pieces.action("math", "add").orElseThrow();
    KeyValueStore store = new MemoryStore("r", "f", "p");
    int calls = 80_000;
    double[] rounds = new double[5];
    long sink = 0;
    for (int r = -2; r < rounds.length; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("a", i).put("b", 1);
        sink += add.run(new Direct(Inputs.check(add.props(), input), store)).asLong();
      }
      if (r >= 0) {
        rounds[r] = (System.nanoTime() - start) / 1e3 / calls;
      }
    }
    if (sink == 42) {
      System.out.println();
    }
    return Stats.median(rounds);
  }

  private static Stats warmCode(FlowEngine engine, PreparedFlow flow, JsonNode trigger) {
    // GraalJS runs interpreted on stock JDKs; its interpreter itself needs a few thousand runs of
    // JIT warm-up before the per-step cost settles.
    for (int i = 0; i < 4000; i++) {
      check(engine.execute(flow, Execution.local("warm", trigger)));
    }
    long[] samples = new long[3000];
    for (int i = 0; i < samples.length; i++) {
      long start = System.nanoTime();
      check(engine.execute(flow, Execution.local("run", trigger)));
      samples[i] = System.nanoTime() - start;
    }
    return Stats.of(samples);
  }

  private static Stats bareGraal() {
    try (Engine shared =
        Engine.newBuilder("js")
            .sandbox(SandboxPolicy.CONSTRAINED)
            .out(new ByteArrayOutputStream())
            .err(new ByteArrayOutputStream())
            .build()) {
      Source source = Source.create("js", "1+2");
      long[] samples = new long[2500];
      for (int i = -500; i < samples.length; i++) {
        long start = System.nanoTime();
        try (Context context =
            Context.newBuilder("js")
                .engine(shared)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(new ByteArrayOutputStream())
                .err(new ByteArrayOutputStream())
                .build()) {
          context.eval(source).asInt();
        }
        if (i >= 0) {
          samples[i] = System.nanoTime() - start;
        }
      }
      return Stats.of(samples);
    }
  }

  private static void check(RunResult result) {
    if (result.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("benchmark run failed: " + result.error());
    }
  }

  /** The context an action gets when called directly, without the engine. */
  private record Direct(Inputs inputs, KeyValueStore store) implements ActionContext {
    @Override
    public String runId() {
      return "r";
    }

    @Override
    public String stepPath() {
      return "s";
    }

    @Override
    public OutboundHttp http() {
      return null;
    }

    @Override
    public StepLog log() {
      return null;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH;
    }

    @Override
    public void respond(JsonNode response) {}
  }
}
