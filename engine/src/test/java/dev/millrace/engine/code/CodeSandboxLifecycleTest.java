package dev.millrace.engine.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.millrace.piece.StepLog;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting, stopping and interrupting the sandbox. */
class CodeSandboxLifecycleTest {
  // limits far above what the tests wait for, so only cancellation can end a looping step
  private static final CodeLimits PATIENT =
      new CodeLimits(
          Duration.ofSeconds(60), Duration.ofSeconds(60), Long.MAX_VALUE, 200, 1024, 1024, 1);
  private static final String LOOP = "export default () => { console.log('started'); for (;;) {} }";

  private static CodeCall call(String source, StepLog log) {
    return new CodeCall(source, null, "r", "s", null, log);
  }

  /** A step log that opens a latch on the step's first line. */
  private static StepLog signalling(CountDownLatch started) {
    return new StepLog() {
      @Override
      public void info(String line) {
        started.countDown();
      }

      @Override
      public void warn(String line) {}
    };
  }

  @Test
  void closedSandboxRefusesRunsAndClosesIdempotently() {
    var sandbox = new CodeSandbox(PATIENT);
    assertThat(sandbox.run(call("export default 1", new RecordedLog())))
        .isEqualTo(IntNode.valueOf(1));
    sandbox.close();
    sandbox.close();
    assertThatThrownBy(() -> sandbox.run(call("export default 1", new RecordedLog())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void interruptingTheCallerCancelsItsStepAndFreesTheThread() throws Exception {
    try (var sandbox = new CodeSandbox(PATIENT)) {
      var started = new CountDownLatch(1);
      var outcome = new CompletableFuture<Throwable>();
      Thread caller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      sandbox.run(call(LOOP, signalling(started)));
                      outcome.complete(null);
                    } catch (Throwable e) {
                      outcome.complete(e);
                    }
                  });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      caller.interrupt();
      assertThat(outcome.get(10, TimeUnit.SECONDS))
          .isInstanceOf(CodeException.class)
          .hasMessage("code step was interrupted");
      // the only guest thread is free again, or this would wait for the 60 s limits
      JsonNode next =
          CompletableFuture.supplyAsync(
                  () -> sandbox.run(call("export default 7", new RecordedLog())))
              .get(10, TimeUnit.SECONDS);
      assertThat(next).isEqualTo(IntNode.valueOf(7));
    }
  }

  @Test
  void closingStopsRunningAndQueuedSteps() throws Exception {
    var sandbox = new CodeSandbox(PATIENT);
    var started = new CountDownLatch(1);
    var running = CompletableFuture.supplyAsync(() -> sandbox.run(call(LOOP, signalling(started))));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    var queued =
        CompletableFuture.supplyAsync(
            () -> sandbox.run(call("export default 1", new RecordedLog())));
    sandbox.close();
    assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CodeException.class)
        .cause()
        .hasMessage("code step was stopped before it finished");
    assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS))
        .cause()
        .satisfiesAnyOf(
            e -> assertThat(e).hasMessage("code step did not run: the code sandbox was closed"),
            e -> assertThat(e).isInstanceOf(IllegalStateException.class));
  }

  @Test
  void warmTrivialStepTakesAboutAMillisecond() {
    String code = "export default async (n) => n + 1";
    JsonNode inputs = IntNode.valueOf(1);
    try (var sandbox = new CodeSandbox(PATIENT)) {
      for (int i = 0; i < 1500; i++) {
        sandbox.run(new CodeCall(code, inputs, "r", "s", null, new RecordedLog()));
      }
      long[] nanos = new long[300];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        sandbox.run(new CodeCall(code, inputs, "r", "s", null, new RecordedLog()));
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      double p50 = nanos[nanos.length / 2] / 1e6;
      System.out.printf(
          "warm trivial code step: p50 %.3f ms, p90 %.3f ms%n", p50, nanos[270] / 1e6);
      // generous: about 1 ms on a 2-core machine; this only catches per-step thread or engine
      // set-up
      assertThat(p50).isLessThan(10.0);
    }
  }

  @Test
  void limitsAreValidatedByName() {
    assertThatThrownBy(() -> new CodeLimits(Duration.ofSeconds(1), Duration.ZERO, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wallClock");
  }
}
