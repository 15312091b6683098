package dev.millrace.queue;

/**
 * The work done for one job. Runs on a platform thread of its own; up to the worker's concurrency
 * run at once. The returned value is stored as the job's {@code returnvalue} (JSON; null becomes
 * "null"). A thrown exception fails the attempt; {@link UnrecoverableError} also skips the
 * remaining attempts. Delivery is at least once: a job whose worker died or lost its lock runs
 * again, so a processor with side effects must be idempotent.
 */
@FunctionalInterface
public interface Processor {
  Object process(Job job) throws Exception;
}
