package dev.millrace.queue.internal;

/**
 * The return codes of the queue's Lua scripts, with their messages: the one place that maps them.
 */
public enum ScriptCode {
  OK(0, "ok"),
  JOB_NOT_FOUND(-1, "Missing key for job %s"),
  LOCK_MISSING(-2, "Missing lock for job %s"),
  NOT_IN_STATE(-3, "Job %s is not in the expected state"),
  LOCK_MISMATCH(-6, "Lock mismatch for job %s"),
  NOT_PAUSED(-10, "Queue %s must be paused to obliterate"),
  ACTIVE_JOBS(-11, "Queue %s has active jobs; obliterate with force to delete them");

  private final int code;
  private final String message;

  ScriptCode(int code, String message) {
    this.code = code;
    this.message = message;
  }

  public int code() {
    return code;
  }

  /** The message with its subject (a job id or queue name) filled in. */
  public String message(String subject) {
    return message.formatted(subject);
  }

  public static ScriptCode of(long code) {
    for (ScriptCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    throw new IllegalStateException("unknown script return code " + code);
  }
}
