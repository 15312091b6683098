package dev.millrace.engine.code;

import java.io.IOException;
import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A context with the driver installed and one step's module evaluated, kept between calls of that
 * step so that the next call skips building a JavaScript realm. Each call gets its own log streams,
 * {@code fetch} bridge and resource limits ({@link Context#resetLimits()} restarts the CPU-time and
 * statement counts). Used by one guest thread at a time.
 */
final class WarmContext implements AutoCloseable {
  private final Context context;
  private final Value run;
  private final Value exports;
  private final Output out;
  private final Output err;
  private final Send send;
  private int calls;

  private WarmContext(
      Context context, Value run, Value exports, Output out, Output err, Send send) {
    this.context = context;
    this.run = run;
    this.exports = exports;
    this.out = out;
    this.err = err;
    this.send = send;
  }

  /** What a new context is built from; the streams and the bridge are this context's own. */
  interface Builder {
    Context build(OutputStream out, OutputStream err);
  }

  /** Module evaluation with the caller's error mapping (a syntax error is permanent). */
  interface ModuleEval {
    Value eval(Context context);
  }

  /**
   * Builds a context, installs the driver and evaluates the module, whose top-level logging goes to
   * {@code stepOut}/{@code stepErr} and whose top-level {@code fetch} goes through {@code bridge}
   * (the first call's; null when the step has no fetch). The context is attached to {@code handle}
   * before any guest code runs, so the watchdog can stop a slow first evaluation.
   */
  static WarmContext open(
      OutputStream stepOut,
      OutputStream stepErr,
      Builder builder,
      org.graalvm.polyglot.Source driver,
      ModuleEval module,
      FetchBridge bridge,
      int maxOutputBytes,
      StepHandle handle) {
    Output out = new Output();
    Output err = new Output();
    out.target = stepOut;
    err.target = stepErr;
    Context context = builder.build(out, err);
    try {
      handle.attach(context);
      Send send = bridge == null ? null : new Send();
      Value run = context.eval(driver).execute(send, maxOutputBytes);
      Value exports;
      if (send != null) {
        send.target = bridge;
      }
      try {
        exports = module.eval(context);
      } finally {
        if (send != null) {
          send.target = null;
        }
      }
      if (!exports.hasMember("default")) {
        throw new CodeException(
            "code step has no default export (write: export default async (inputs, ctx) => ...)",
            true);
      }
      return new WarmContext(context, run, exports, out, err, send);
    } catch (RuntimeException | Error e) {
      closeQuietly(context);
      throw e;
    }
  }

  Context context() {
    return context;
  }

  /** Calls this context's calls so far (the first is the one it was opened for). */
  int calls() {
    return calls;
  }

  /**
   * Runs the step once with its own streams and bridge ({@code bridge} null when it has no fetch)
   * and answers the driver's state object; the streams and bridge are let go when it returns.
   */
  Value call(
      OutputStream stepOut,
      OutputStream stepErr,
      FetchBridge bridge,
      String inputsJson,
      String runId,
      String stepPath) {
    calls++;
    context.resetLimits();
    out.target = stepOut;
    err.target = stepErr;
    if (send != null) {
      send.target = bridge;
    }
    try {
      return run.execute(exports, inputsJson, runId, stepPath);
    } finally {
      out.target = OutputStream.nullOutputStream();
      err.target = OutputStream.nullOutputStream();
      if (send != null) {
        send.target = null;
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(context);
  }

  static void closeQuietly(Context context) {
    try {
      context.close(true);
    } catch (RuntimeException ignored) {
      // cancelled or closed by the watchdog already
    }
  }

  /** The context's stdout or stderr, pointed at the current call's log stream. */
  private static final class Output extends OutputStream {
    volatile OutputStream target = OutputStream.nullOutputStream();

    @Override
    public void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }
  }

  /** The driver's {@code send}, pointed at the current call's fetch bridge. */
  private static final class Send implements ProxyExecutable {
    volatile FetchBridge target;

    @Override
    public Object execute(Value... args) {
      FetchBridge bridge = target;
      if (bridge == null) {
        // a promise left pending by an earlier call: it must not reach out on this call's behalf
        return FetchBridge.error("fetch is not available outside the step's own call", false);
      }
      return bridge.execute(args);
    }
  }
}
