package dev.millrace.engine.code;

import dev.millrace.piece.StepLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The guest's stdout or stderr: splits bytes into lines and hands each to the step's log as it
 * completes (so info and warn lines keep their order). Both streams of a step share one {@link
 * Budget}; past it, lines are dropped and one "...log truncated" line is logged. Memory stays
 * bounded: a partial line is buffered only up to the remaining budget.
 */
final class StepLogStream extends OutputStream {
  static final String TRUNCATED = "...log truncated";

  /** Bytes the step may still log, shared by its out and err streams. */
  static final class Budget {
    private final StepLog log;
    private long remaining;
    private boolean truncated;

    Budget(StepLog log, long bytes) {
      this.log = log;
      this.remaining = bytes;
    }

    synchronized void emit(byte[] line, int length, boolean overflowed, boolean warn) {
      if (truncated) {
        return;
      }
      if (overflowed || length + 1L > remaining) {
        truncated = true;
        log.warn(TRUNCATED);
        return;
      }
      remaining -= length + 1L;
      String text = new String(line, 0, length, StandardCharsets.UTF_8);
      if (warn) {
        log.warn(text);
      } else {
        log.info(text);
      }
    }

    synchronized long remaining() {
      return truncated ? 0 : remaining;
    }
  }

  private final Budget budget;
  private final boolean warn;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean overflowed;

  StepLogStream(Budget budget, boolean warn) {
    this.budget = budget;
    this.warn = warn;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      endLine();
    } else if (line.size() < budget.remaining()) {
      line.write(b);
    } else {
      overflowed = true;
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i - start);
        endLine();
        start = i + 1;
      }
    }
    append(bytes, start, end - start);
  }

  private void append(byte[] bytes, int offset, int length) {
    long room = budget.remaining() - line.size();
    int kept = (int) Math.max(0, Math.min(length, room));
    line.write(bytes, offset, kept);
    if (kept < length) {
      overflowed = true;
    }
  }

  private void endLine() {
    budget.emit(line.toByteArray(), line.size(), overflowed, warn);
    line.reset();
    overflowed = false;
  }

  /** Logs a last line that has no newline. */
  @Override
  public synchronized void flush() {
    if (line.size() > 0 || overflowed) {
      endLine();
    }
  }
}
