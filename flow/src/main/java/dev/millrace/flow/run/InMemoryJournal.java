package dev.millrace.flow.run;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A journal held in memory: for local runs ({@code millrace run}), tests and benchmarks. */
public final class InMemoryJournal implements Journal {
  private final Map<String, StepRecord> records = new LinkedHashMap<>();

  public InMemoryJournal() {}

  /** A journal that already holds {@code records}, as if an earlier attempt had written them. */
  public InMemoryJournal(Collection<StepRecord> records) {
    records.forEach(r -> this.records.put(r.path(), r));
  }

  @Override
  public synchronized Optional<StepRecord> find(String path) {
    return Optional.ofNullable(records.get(path));
  }

  @Override
  public synchronized void append(StepRecord record, boolean durableNow) {
    records.remove(record.path());
    records.put(record.path(), record);
  }

  /** Every record, in the order of their last append. */
  public synchronized List<StepRecord> records() {
    return List.copyOf(records.values());
  }
}
