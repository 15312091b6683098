package dev.millrace.engine.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs one step on the calling (guest) thread, in a warm context of the same step when the pool has
 * one, else in a new context where it installs the driver and evaluates the step's module; then
 * calls its default export and reads back the JSON the driver produced.
 */
final class GuestRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Nothing of the host is reachable: no members, no mappings; only the fetch proxy gets in.
  // Host class lookup is left unset on purpose: setting it at all, even to a predicate that
  // refuses everything, installs the Java, Packages, java, javax... globals.
  private static final HostAccess NO_HOST =
      HostAccess.newBuilder().allowMutableTargetMappings().build();

  private final Engine engine;
  private final Source driver;
  private final SourceCache sources;
  private final CodeLimits limits;
  private final StepErrors errors;
  private final WarmContexts pool;

  GuestRunner(
      Engine engine, Source driver, SourceCache sources, CodeLimits limits, WarmContexts pool) {
    this.engine = engine;
    this.driver = driver;
    this.sources = sources;
    this.limits = limits;
    this.errors = new StepErrors(limits);
    this.pool = pool;
  }

  /**
   * @param deadlineNanos when the wall-clock limit ends ({@link System#nanoTime()})
   * @throws CodeException for every failure of the step
   */
  JsonNode run(CodeCall call, StepHandle handle, long deadlineNanos) {
    var budget = new StepLogStream.Budget(call.log(), limits.maxLogBytes());
    var out = new StepLogStream(budget, false);
    var err = new StepLogStream(budget, true);
    var key =
        call.reuseScope() == null
            ? null
            : new WarmContexts.Key(call.reuseScope(), call.source(), call.http() != null);
    WarmContext warm = null;
    boolean reusable = false;
    try {
      warm = key == null ? null : pool.take(key);
      FetchBridge bridge = call.http() == null ? null : new FetchBridge(call.http(), deadlineNanos);
      if (warm == null) {
        warm =
            WarmContext.open(
                out,
                err,
                this::newContext,
                driver,
                context -> evalModule(context, call.source(), handle),
                bridge,
                limits.maxOutputBytes(),
                handle);
      } else {
        handle.attach(warm.context());
      }
      Value state = warm.call(out, err, bridge, inputsJson(call), call.runId(), call.stepPath());
      JsonNode result = result(state);
      reusable = key != null;
      return result;
    } catch (PolyglotException e) {
      throw errors.failure(e, handle.expired());
    } catch (IllegalStateException e) {
      // the watchdog closed the context between two host calls
      if (handle.expired()) {
        throw errors.wallClock();
      }
      throw e;
    } catch (OutOfMemoryError e) {
      throw StepErrors.outOfMemory();
    } catch (StackOverflowError e) {
      throw errors.stack();
    } finally {
      out.flush();
      err.flush();
      boolean stopped = handle.detach();
      if (warm != null) {
        // only a call that ended well leaves its context for the next: a failure, a broken limit
        // or a cancel may have left it half-way through something
        if (reusable && !stopped) {
          pool.give(key, warm);
        } else {
          warm.close();
        }
      }
    }
  }

  private Context newContext(java.io.OutputStream out, java.io.OutputStream err) {
    return Context.newBuilder("js")
        .engine(engine)
        .sandbox(SandboxPolicy.CONSTRAINED)
        .out(out)
        .err(err)
        .allowHostAccess(NO_HOST)
        .allowIO(IOAccess.NONE)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .option("sandbox.MaxCPUTime", limits.cpuTime().toMillis() + "ms")
        .option("sandbox.MaxStatements", Long.toString(limits.statements()))
        .option("sandbox.MaxStackFrames", Integer.toString(limits.stackFrames()))
        .option("sandbox.MaxOutputStreamSize", CodeSandbox.outputStreamCap(limits) + "B")
        .build();
  }

  private Value evalModule(Context context, String source, StepHandle handle) {
    try {
      return context.eval(sources.module(source));
    } catch (PolyglotException e) {
      if (e.isSyntaxError() && !handle.expired()) {
        throw errors.syntax(e);
      }
      throw e;
    }
  }

  private static String inputsJson(CodeCall call) {
    try {
      return call.inputs() == null ? "null" : JSON.writeValueAsString(call.inputs());
    } catch (JsonProcessingException e) {
      throw new CodeException(
          "code step inputs cannot be written as JSON: " + e.getMessage(), true);
    }
  }

  private JsonNode result(Value state) {
    String status = state.getMember("status").asString();
    switch (status) {
      case "ok" -> {
        byte[] json = state.getMember("json").asString().getBytes(StandardCharsets.UTF_8);
        if (json.length > limits.maxOutputBytes()) {
          throw tooBig(json.length);
        }
        return parse(json);
      }
      case "threw" -> {
        state.getMember("rethrow").execute();
        throw new IllegalStateException("the driver's rethrow returned");
      }
      case "notJson" ->
          throw new CodeException(
              "code step returned a value that is not JSON: "
                  + state.getMember("message").asString(),
              true);
      case "tooBig" -> throw tooBig(state.getMember("bytes").asLong());
      default ->
          throw new CodeException("code step did not finish: its promise never settled", true);
    }
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new CodeException("code step output cannot be read as JSON: " + e.getMessage(), true);
    }
  }

  private CodeException tooBig(long bytes) {
    return new CodeException(
        "code step output is " + bytes + " bytes, over the limit of " + limits.maxOutputBytes(),
        true);
  }
}
