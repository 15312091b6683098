package dev.millrace.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.engine.code.CodeLimits;
import dev.millrace.engine.code.CodeSandbox;
import dev.millrace.engine.net.EgressConfig;
import dev.millrace.engine.net.GuardedHttpClient;
import dev.millrace.flow.Flow;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A real engine for tests: the installed pieces plus {@link TestPiece}, a guarded HTTP client that
 * lets loopback through (tests talk to their own local servers), and the code sandbox.
 */
final class EngineFixture implements AutoCloseable {
  final TestPiece testPiece = new TestPiece();
  final PieceRegistry pieces;
  final FlowEngine engine;
  final GuardedHttpClient http;

  EngineFixture() {
    this(EngineConfig.defaults());
  }

  EngineFixture(EngineConfig config) {
    var all = new ArrayList<Piece>();
    ServiceLoader.load(Piece.class).forEach(all::add);
    all.add(testPiece);
    pieces = PieceRegistry.of(all);
    http = new GuardedHttpClient(EgressConfig.defaults().withAllowList(List.of("127.0.0.1")));
    engine = new FlowEngine(config, pieces, http, new CodeSandbox(CodeLimits.defaults()));
  }

  Flow flow(String json) {
    return new FlowReader(pieces).read(json);
  }

  RunResult run(String flowJson, Execution execution) {
    return engine.execute(engine.prepare(flow(flowJson)), execution);
  }

  RunResult run(String flowJson, JsonNode trigger) {
    return run(flowJson, Execution.local("run-1", trigger));
  }

  static JsonNode json(String text) {
    try {
      return FlowReader.JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static StepRecord step(RunResult result, String path) {
    return result.steps().stream()
        .filter(s -> s.path().equals(path))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no step " + path + " in " + result.steps()));
  }

  @Override
  public void close() {
    engine.close();
    http.close();
  }
}
