package dev.millrace.worker.internal;

import dev.millrace.flow.run.LeaseLostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the app a run is alive every {@code period} (lockDuration/4, the queue's lock renewal
 * rhythm) on a virtual thread of its own, and passes back what the app answers: a cancel, or a
 * superseded lease. Stopped when the run ends.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;

  private Heartbeat(Runnable loop, String runId) {
    this.thread = Thread.ofVirtual().name("millrace-heartbeat-" + runId).unstarted(loop);
  }

  public static Heartbeat start(
      AppClient app, String runId, String leaseToken, RunSignals signals, Duration period) {
    Heartbeat[] self = new Heartbeat[1];
    self[0] = new Heartbeat(() -> self[0].loop(app, runId, leaseToken, signals, period), runId);
    self[0].thread.start();
    return self[0];
  }

  private void loop(
      AppClient app, String runId, String leaseToken, RunSignals signals, Duration period) {
    try {
      while (!stopped.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
        try {
          if (app.heartbeat(runId, leaseToken)) {
            signals.cancel();
          }
        } catch (LeaseLostException e) {
          LOG.warn("run {}: lease superseded (heartbeat); stopping it", runId);
          signals.loseLease();
          return;
        } catch (RuntimeException e) {
          LOG.warn("run {}: heartbeat failed: {}", runId, e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped.countDown();
  }
}
