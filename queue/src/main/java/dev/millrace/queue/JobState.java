package dev.millrace.queue;

/** A job's state, with BullMQ's name for it (as {@code getJobCounts} reports it). */
public enum JobState {
  WAITING("waiting"),
  ACTIVE("active"),
  DELAYED("delayed"),
  PRIORITIZED("prioritized"),
  COMPLETED("completed"),
  FAILED("failed"),
  WAITING_CHILDREN("waiting-children");

  private final String wireName;

  JobState(String wireName) {
    this.wireName = wireName;
  }

  /** BullMQ's name: "waiting", "active", "delayed", ... */
  public String wireName() {
    return wireName;
  }

  /** True for states kept in a list (wait, active); the others are sorted sets. */
  public boolean isList() {
    return this == WAITING || this == ACTIVE;
  }
}
