package dev.millrace.engine.code;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle {@link WarmContext}s by step: the scope a call gave ({@link CodeCall#reuseScope()}, the
 * flow) with its source. A context only ever runs the one step it was opened for, so no code of
 * another flow, and no other code of the same flow, shares its globals. At most {@code capacity}
 * contexts wait, the least recently returned going first; each serves at most {@code maxCalls}
 * calls. Thread-safe.
 */
final class WarmContexts implements AutoCloseable {
  record Key(String scope, String source, boolean withFetch) {}

  private final int capacity;
  private final int maxCalls;
  // insertion order = return order: the first entry is the one idle longest
  private final LinkedHashMap<Object, Entry> idle = new LinkedHashMap<>();
  private boolean closed;

  private record Entry(Key key, WarmContext context) {}

  WarmContexts(int capacity, int maxCalls) {
    this.capacity = capacity;
    this.maxCalls = maxCalls;
  }

  /** An idle context for {@code key}, now the caller's; null when there is none. */
  synchronized WarmContext take(Key key) {
    for (Iterator<Map.Entry<Object, Entry>> it = idle.entrySet().iterator(); it.hasNext(); ) {
      Entry e = it.next().getValue();
      if (e.key().equals(key)) {
        it.remove();
        return e.context();
      }
    }
    return null;
  }

  /** Keeps {@code context} for the next call of {@code key}, or closes it when it may not stay. */
  void give(Key key, WarmContext context) {
    List<WarmContext> evicted = new ArrayList<>();
    boolean kept = false;
    synchronized (this) {
      if (!closed && capacity > 0 && context.calls() < maxCalls) {
        idle.put(new Object(), new Entry(key, context));
        kept = true;
        while (idle.size() > capacity) {
          var eldest = idle.entrySet().iterator();
          evicted.add(eldest.next().getValue().context());
          eldest.remove();
        }
      }
    }
    if (!kept) {
      evicted.add(context);
    }
    evicted.forEach(WarmContext::close); // outside the lock: closing a context takes a while
  }

  synchronized int size() {
    return idle.size();
  }

  /** Closes every idle context; later returns are closed at once. */
  @Override
  public void close() {
    List<WarmContext> all;
    synchronized (this) {
      closed = true;
      all = idle.values().stream().map(Entry::context).toList();
      idle.clear();
    }
    all.forEach(WarmContext::close);
  }
}
