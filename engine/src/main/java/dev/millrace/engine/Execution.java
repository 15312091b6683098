package dev.millrace.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.millrace.flow.run.InMemoryJournal;
import dev.millrace.flow.run.Journal;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.MemoryStore;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * One attempt at running a run: which run, its trigger payload, its journal and store, and the
 * signals that stop it early.
 *
 * @param runId the run's id; with the step path it forms each step's idempotency key
 * @param flowId the flow's id (store scope)
 * @param trigger the trigger's output: the payload for manual runs, {@code {method, headers, query,
 *     body}} for webhooks
 * @param journal completed steps (replayed, not re-executed) and where new records go
 * @param store the key-value store of the {@code store} piece
 * @param cancelled checked at every step boundary; true stops the run as CANCELLED
 * @param deadline when the run times out; null means the engine's run timeout from now
 * @param resume a signal for the step the run is paused on, or null
 */
public record Execution(
    String runId,
    String flowId,
    JsonNode trigger,
    Journal journal,
    KeyValueStore store,
    BooleanSupplier cancelled,
    Instant deadline,
    Resume resume) {

  /**
   * Resumes the step at {@code stepPath}, paused waiting for a signal, with {@code payload} as its
   * output.
   */
  public record Resume(String stepPath, JsonNode payload) {}

  /** A local execution: in-memory journal and store, never cancelled, default deadline. */
  public static Execution local(String runId, JsonNode trigger) {
    return new Execution(
        runId,
        "local",
        trigger == null ? NullNode.getInstance() : trigger,
        new InMemoryJournal(),
        new MemoryStore(runId, "local", "local"),
        () -> false,
        null,
        null);
  }

  public Execution withJournal(Journal newJournal) {
    return new Execution(runId, flowId, trigger, newJournal, store, cancelled, deadline, resume);
  }

  public Execution withStore(KeyValueStore newStore) {
    return new Execution(runId, flowId, trigger, journal, newStore, cancelled, deadline, resume);
  }

  public Execution withCancel(BooleanSupplier signal) {
    return new Execution(runId, flowId, trigger, journal, store, signal, deadline, resume);
  }

  public Execution withDeadline(Instant at) {
    return new Execution(runId, flowId, trigger, journal, store, cancelled, at, resume);
  }

  public Execution withResume(Resume signal) {
    return new Execution(runId, flowId, trigger, journal, store, cancelled, deadline, signal);
  }
}
