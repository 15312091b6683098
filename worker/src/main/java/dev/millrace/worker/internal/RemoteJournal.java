package dev.millrace.worker.internal;

import dev.millrace.flow.run.Journal;
import dev.millrace.flow.run.LeaseLostException;
import dev.millrace.flow.run.StepRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A run's journal kept by the app. Seeded with the journal from the claim; records appended with
 * {@code durableNow=false} wait in a buffer, and {@link #flush} or a durable append sends every
 * buffered record in one POST /steps (architecture §2.4). Records still buffered when the run ends
 * go with /finish or /pause ({@link #takeUnsent}). A 409 or a lease lost elsewhere throws {@link
 * LeaseLostException}, and nothing more is sent. Thread-safe.
 */
public final class RemoteJournal implements Journal {
  private final AppClient app;
  private final String runId;
  private final String leaseToken;
  private final RunSignals signals;
  private final Map<String, StepRecord> records = new HashMap<>();
  private final List<StepRecord> unsent = new ArrayList<>();

  public RemoteJournal(
      AppClient app, String runId, String leaseToken, List<StepRecord> seed, RunSignals signals) {
    this.app = app;
    this.runId = runId;
    this.leaseToken = leaseToken;
    this.signals = signals;
    seed.forEach(r -> records.put(r.path(), r));
  }

  @Override
  public synchronized Optional<StepRecord> find(String path) {
    return Optional.ofNullable(records.get(path));
  }

  @Override
  public synchronized void append(StepRecord record, boolean durableNow) {
    signals.requireWritable(runId);
    records.put(record.path(), record);
    unsent.add(record);
    if (durableNow) {
      send();
    }
  }

  @Override
  public synchronized void flush() {
    signals.requireWritable(runId);
    if (!unsent.isEmpty()) {
      send();
    }
  }

  /** The records not sent yet, which then count as sent: the caller sends them. */
  public synchronized List<StepRecord> takeUnsent() {
    signals.requireWritable(runId);
    List<StepRecord> out = List.copyOf(unsent);
    unsent.clear();
    return out;
  }

  /**
   * Makes a call that carries the unsent records to the app, which commits them with whatever the
   * call does (a keyed store write); they count as sent once it returns. A failed call leaves them
   * unsent.
   */
  public synchronized <T> T carry(Function<List<StepRecord>, T> call) {
    signals.requireWritable(runId);
    List<StepRecord> batch = List.copyOf(unsent);
    T answer;
    try {
      answer = call.apply(batch);
    } catch (LeaseLostException e) {
      signals.loseLease();
      throw e;
    } catch (AppUnavailableException e) {
      // as for /steps: the run stops here and the queue's retry carries on from the journal, so a
      // store step is not failed for an app that is briefly away
      signals.failReporting(e);
      throw e;
    }
    unsent.subList(0, batch.size()).clear();
    return answer;
  }

  private void send() {
    List<StepRecord> batch = List.copyOf(unsent);
    boolean cancel;
    try {
      cancel = app.steps(runId, leaseToken, batch);
    } catch (LeaseLostException e) {
      signals.loseLease();
      throw e;
    } catch (RuntimeException e) {
      signals.failReporting(e);
      throw e;
    }
    unsent.subList(0, batch.size()).clear();
    if (cancel) {
      signals.cancel();
    }
  }
}
