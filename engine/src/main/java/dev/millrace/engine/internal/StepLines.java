package dev.millrace.engine.internal;

import dev.millrace.piece.StepLog;
import java.util.ArrayList;
import java.util.List;

/** The log of one step: keeps the first lines up to a cap and counts the rest. */
final class StepLines implements StepLog {
  private final int cap;
  private final List<String> lines = new ArrayList<>();
  private int dropped;

  StepLines(int cap) {
    this.cap = cap;
  }

  @Override
  public synchronized void info(String line) {
    add(line);
  }

  @Override
  public synchronized void warn(String line) {
    add("WARN " + line);
  }

  private void add(String line) {
    if (lines.size() < cap) {
      lines.add(line);
    } else {
      dropped++;
    }
  }

  synchronized List<String> lines() {
    if (dropped == 0) {
      return List.copyOf(lines);
    }
    var all = new ArrayList<>(lines);
    all.add("... " + dropped + " more line(s) not kept");
    return all;
  }
}
