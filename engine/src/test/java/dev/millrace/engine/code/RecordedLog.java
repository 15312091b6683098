package dev.millrace.engine.code;

import dev.millrace.piece.StepLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A step log that keeps its lines, prefixed "INFO " or "WARN ", for assertions. */
final class RecordedLog implements StepLog {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void info(String line) {
    lines.add("INFO " + line);
  }

  @Override
  public void warn(String line) {
    lines.add("WARN " + line);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
