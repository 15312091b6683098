package dev.millrace.engine.code;

import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Source;

/**
 * Step modules by source text, least recently used evicted. Reusing the same {@link Source} lets
 * the shared engine reuse its parsed code across contexts.
 */
final class SourceCache {
  /** The name steps' code carries in stack traces and syntax errors. */
  static final String STEP_NAME = "step.mjs";

  private final Map<String, Source> sources;

  SourceCache(int capacity) {
    this.sources =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized Source module(String text) {
    return sources.computeIfAbsent(
        text,
        t ->
            Source.newBuilder("js", t, STEP_NAME)
                .mimeType("application/javascript+module")
                .cached(true)
                .buildLiteral());
  }

  synchronized int size() {
    return sources.size();
  }
}
