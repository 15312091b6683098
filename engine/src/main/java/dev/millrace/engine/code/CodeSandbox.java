package dev.millrace.engine.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

/**
 * Runs code steps, JavaScript modules of the form {@code export default async (inputs, ctx) =>
 * value}, in GraalJS with the {@code CONSTRAINED} sandbox policy: no host classes, files,
 * environment, threads or processes, and {@code fetch} only through the step's {@link
 * dev.millrace.piece.OutboundHttp}. Contexts share one engine. A call with a {@linkplain
 * CodeCall#reuseScope() reuse scope} runs in a warm context that ran the same source in the same
 * scope before, if one is idle (up to {@link CodeLimits#warmContexts()} wait, each for at most
 * 1,000 calls, and only after calls that ended well), else in a new one; so the module's top-level
 * state may outlive a call, as in a warm serverless function. Every call runs on one of {@link
 * CodeLimits#threads()} platform threads and is held to the CPU, statement, stack, log and
 * wall-clock limits of its {@link CodeLimits}, counted afresh for each call.
 *
 * <p>There is no heap cap: a step that allocates without bound is stopped by its CPU or statement
 * limit, by JavaScript's own string and array length limits, or, failing those, by the shared JVM
 * heap running out, which fails that step but may briefly disturb others. Untrusted tenants need a
 * process boundary.
 *
 * <p>Thread-safe. {@link #run} may be called from any thread, virtual ones included.
 */
public final class CodeSandbox implements AutoCloseable {
  private static final int SOURCE_CACHE_SIZE = 256;
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
  // a warm context retires after this many calls, so whatever its module keeps stays bounded
  private static final int MAX_CALLS_PER_CONTEXT = 1000;

  private final CodeLimits limits;
  private final Engine engine;
  private final SourceCache sources = new SourceCache(SOURCE_CACHE_SIZE);
  private final GuestThreads threads;
  private final GuestRunner runner;
  private final WarmContexts warm;
  private final Set<StepHandle> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public CodeSandbox(CodeLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.engine =
        Engine.newBuilder("js")
            .sandbox(SandboxPolicy.CONSTRAINED)
            .out(OutputStream.nullOutputStream())
            .err(OutputStream.nullOutputStream())
            .option("js.esm-eval-returns-exports", "true")
            .option("js.load", "false")
            .option("js.print", "false")
            .option("js.graal-builtin", "false")
            .build();
    this.warm = new WarmContexts(limits.warmContexts(), MAX_CALLS_PER_CONTEXT);
    this.runner = new GuestRunner(engine, driver(), sources, limits, warm);
    this.threads = new GuestThreads(limits.threads(), stackBytes(limits));
    try {
      warmUp();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("the code sandbox failed its warm-up step", e);
    }
  }

  // The first context on a new engine initialises the JavaScript realm, which costs hundreds of
  // milliseconds of CPU; pay that here rather than out of the first step's CPU limit.
  private void warmUp() {
    StepLog ignore =
        new StepLog() {
          @Override
          public void info(String line) {}

          @Override
          public void warn(String line) {}
        };
    run(
        new CodeCall(
            "export default async (inputs) => inputs", null, "warm-up", "warm-up", null, ignore));
  }

  /**
   * Runs one code step and returns its JSON result ({@code undefined} becomes JSON null). Blocks
   * the caller until the step finishes, waiting for a free guest thread first if all are busy.
   *
   * @throws CodeException when the code throws, breaks a limit, or returns something not JSON;
   *     {@linkplain CodeException#isPermanent() permanent} for syntax errors, broken limits and
   *     non-JSON results
   * @throws IllegalStateException when the sandbox is closed
   */
  public JsonNode run(CodeCall call) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(call.source(), "call.source");
    var handle = new StepHandle(threads.cancellers());
    Future<JsonNode> result;
    try {
      if (closed) {
        throw new RejectedExecutionException();
      }
      result = threads.submit(() -> guest(call, handle));
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the code sandbox is closed");
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw new CodeException("code step did not run: the code sandbox was closed", false);
    } catch (InterruptedException e) {
      handle.abort();
      result.cancel(false);
      Thread.currentThread().interrupt();
      throw new CodeException("code step was interrupted", false);
    }
  }

  private JsonNode guest(CodeCall call, StepHandle handle) {
    long deadline = System.nanoTime() + limits.wallClock().toNanos();
    running.add(handle);
    ScheduledFuture<?> watchdog = threads.after(limits.wallClock(), handle::expire);
    try {
      if (closed) {
        handle.abort();
      }
      return runner.run(call, handle, deadline);
    } catch (RuntimeException e) {
      if (handle.aborted() && !handle.expired()) {
        throw new CodeException("code step was stopped before it finished", false);
      }
      throw e;
    } finally {
      watchdog.cancel(false);
      running.remove(handle);
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException e) {
      return e;
    }
    if (cause instanceof OutOfMemoryError) {
      return StepErrors.outOfMemory();
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("code step failed unexpectedly", cause);
  }

  /** How many warm contexts are idle (for tests). */
  int warmContexts() {
    return warm.size();
  }

  /** How many distinct step sources are cached (for tests). */
  int cachedSources() {
    return sources.size();
  }

  /**
   * Stops the sandbox: queued steps fail without running, running steps are cancelled, and the
   * engine and threads are released. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    running.forEach(StepHandle::abort);
    threads.close(CLOSE_GRACE);
    warm.close();
    try {
      engine.close(true);
    } catch (RuntimeException ignored) {
      // a guest thread that outlived the grace period is cancelled by this anyway
    }
  }

  /** The hard cap on console output; past {@link CodeLimits#maxLogBytes} lines are only dropped. */
  static long outputStreamCap(CodeLimits limits) {
    return Math.max(16L * limits.maxLogBytes(), 1L << 20);
  }

  // Each interpreted JavaScript frame takes roughly 1-2 KB of Java stack; leave ample headroom so
  // the frame limit, not a StackOverflowError, is what stops deep recursion.
  private static long stackBytes(CodeLimits limits) {
    return Math.min(1L << 30, Math.max(4L << 20, limits.stackFrames() * 8192L));
  }

  private static Source driver() {
    try (InputStream in = CodeSandbox.class.getResourceAsStream("driver.js")) {
      if (in == null) {
        throw new IllegalStateException("driver.js is missing from the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Source.newBuilder("js", text, "millrace-driver.js").cached(true).buildLiteral();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
