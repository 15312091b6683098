package dev.millrace.engine;

import dev.millrace.engine.code.CodeSandbox;
import dev.millrace.engine.internal.EngineServices;
import dev.millrace.engine.internal.FlowPlan;
import dev.millrace.engine.internal.RunWalker;
import dev.millrace.engine.net.GuardedHttpClient;
import dev.millrace.flow.Flow;
import dev.millrace.flow.run.RunResult;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.piece.PieceRegistry;

/**
 * Walks flows against journals. A step found completed in the journal is not executed again: its
 * recorded output is reused, so only the step in flight at a crash can run twice. Thread-safe: one
 * engine serves every run of a process.
 */
public final class FlowEngine implements AutoCloseable {
  private final EngineServices services;
  private final PieceRegistry pieces;
  private final AutoCloseable owned;

  /**
   * @param http the guarded client every piece and {@code fetch} goes through
   * @param code the sandbox code steps run in; closed with the engine
   */
  public FlowEngine(
      EngineConfig config, PieceRegistry pieces, OutboundHttp http, CodeSandbox code) {
    this(config, pieces, http, code, () -> {});
  }

  private FlowEngine(
      EngineConfig config,
      PieceRegistry pieces,
      OutboundHttp http,
      CodeSandbox code,
      AutoCloseable owned) {
    this.services = new EngineServices(config, http, code);
    this.pieces = pieces;
    this.owned = owned;
  }

  /** An engine with its own guarded HTTP client and code sandbox, both closed with it. */
  public static FlowEngine start(EngineSettings settings, PieceRegistry pieces) {
    var http = new GuardedHttpClient(settings.egress());
    var code = new CodeSandbox(settings.code());
    return new FlowEngine(settings.engine(), pieces, http, code, http::close);
  }

  public PieceRegistry pieces() {
    return pieces;
  }

  /**
   * Compiles a valid flow's templates and looks up its actions.
   *
   * @throws IllegalArgumentException when a step names an action that is not installed
   */
  public PreparedFlow prepare(Flow flow) {
    return new PreparedFlow(flow, new FlowPlan(flow, pieces));
  }

  /**
   * Runs {@code flow} until it ends, pauses, is cancelled or times out. Step records are appended
   * to the execution's journal as steps end (and flushed before this returns). User-level failures
   * are results, not exceptions.
   *
   * @throws dev.millrace.flow.run.LeaseLostException when the journal reports the run was taken
   *     over
   */
  public RunResult execute(PreparedFlow flow, Execution execution) {
    return new RunWalker(services, flow.plan(), flow.flow(), execution).walk();
  }

  @Override
  public void close() {
    services.code().close();
    try {
      owned.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the engine's HTTP client failed", e);
    }
  }
}
