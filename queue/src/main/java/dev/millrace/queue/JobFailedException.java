package dev.millrace.queue;

/** The job waited for failed for good (no attempts left); the message is its failed reason. */
public class JobFailedException extends Exception {
  private final String jobId;

  public JobFailedException(String jobId, String failedReason) {
    super(failedReason);
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }
}
