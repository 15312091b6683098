package dev.millrace.flow.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Where a paused run waits, and for what.
 *
 * @param stepPath the step that paused
 * @param kind DELAY resumes by itself at {@code resumeAt}; RESUME waits for an outside signal (an
 *     approval, a webhook), optionally giving up at {@code resumeAt}
 * @param resumeAt when a DELAY ends; for RESUME an optional deadline, else null
 * @param data what the step wants known while it waits (an approval's message, say)
 */
public record Waitpoint(String stepPath, Kind kind, Instant resumeAt, JsonNode data) {
  public enum Kind {
    DELAY,
    RESUME
  }
}
