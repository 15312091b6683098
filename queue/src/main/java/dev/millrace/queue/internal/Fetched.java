package dev.millrace.queue.internal;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a fetch (moveToActive, or the fetch folded into moveToFinished): a locked job, or
 * why there is none (rate-limited for {@code rateLimitTtl} ms; next delayed job at {@code
 * nextDelayedTs}).
 */
public record Fetched(
    String jobId, Map<String, String> fields, String token, long rateLimitTtl, long nextDelayedTs) {

  public static final Fetched NOTHING = new Fetched(null, Map.of(), null, 0, 0);

  public boolean hasJob() {
    return jobId != null;
  }

  /** Decodes {jobFields, jobId, rateLimitTtl, nextDelayedTs} starting at {@code from}. */
  public static Fetched decode(List<Object> reply, int from, String token) {
    Object fields = reply.get(from);
    if (fields instanceof List<?>) {
      return new Fetched(String.valueOf(reply.get(from + 1)), Replies.hash(fields), token, 0, 0);
    }
    return new Fetched(
        null,
        Map.of(),
        null,
        Replies.asLong(reply.get(from + 2)),
        Replies.asLong(reply.get(from + 3)));
  }
}
