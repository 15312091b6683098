package dev.millrace.piece;

/** Lines logged by a step; they are kept with the step's record. */
public interface StepLog {
  void info(String line);

  void warn(String line);
}
