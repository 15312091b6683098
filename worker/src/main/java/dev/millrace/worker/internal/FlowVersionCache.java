package dev.millrace.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.engine.FlowEngine;
import dev.millrace.engine.PreparedFlow;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.InvalidFlowException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared flows by flow version id. A version never changes once published, so a version read (or
 * refused) once is never read again while it stays among the most recently used. Thread-safe.
 */
public final class FlowVersionCache {
  /** A version ready to run, or why it cannot run (every problem, by step and field). */
  public record Version(PreparedFlow prepared, String problems) {}

  private final FlowEngine engine;
  private final FlowReader reader;
  private final Map<String, Version> versions;

  public FlowVersionCache(FlowEngine engine, int capacity) {
    this.engine = engine;
    this.reader = new FlowReader(engine.pieces());
    this.versions =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Version> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The version {@code versionId} with the definition {@code definition} (read on a miss). */
  public Version get(String versionId, JsonNode definition) {
    if (versionId != null) {
      synchronized (versions) {
        Version cached = versions.get(versionId);
        if (cached != null) {
          return cached;
        }
      }
    }
    Version read = read(definition);
    if (versionId != null) {
      synchronized (versions) {
        versions.put(versionId, read);
      }
    }
    return read;
  }

  public int size() {
    synchronized (versions) {
      return versions.size();
    }
  }

  private Version read(JsonNode definition) {
    try {
      return new Version(engine.prepare(reader.read(definition)), null);
    } catch (InvalidFlowException e) {
      return new Version(null, e.getMessage());
    } catch (IllegalArgumentException e) {
      return new Version(null, "the flow cannot run: " + e.getMessage());
    }
  }
}
