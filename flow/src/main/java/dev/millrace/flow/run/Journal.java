package dev.millrace.flow.run;

import java.util.Optional;

/**
 * The durable record of a run's steps, keyed by step path. The engine reads it to skip steps that
 * already ran (replay) and appends to it as steps end.
 *
 * <p>Implementations must make a record durable before {@link #append} returns when {@code
 * durableNow} is true; they may buffer the others until {@link #flush} (the engine calls it before
 * a step with external effects starts, and before it returns a result). Implementations may throw
 * {@link LeaseLostException} when the run now belongs to someone else.
 */
public interface Journal {
  /** The latest record at {@code path}, if any. */
  Optional<StepRecord> find(String path);

  /** Records a step's end. */
  void append(StepRecord record, boolean durableNow);

  /** Makes every buffered record durable. */
  default void flush() {}
}
