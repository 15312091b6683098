package dev.millrace.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What starts a run: {@code webhook} (settings {@code mode: sync|async}, optional {@code secret}),
 * {@code schedule} (settings {@code cron} or {@code everySeconds}, {@code timezone}) or {@code
 * manual}.
 */
public record TriggerSpec(String type, ObjectNode settings) {
  public String setting(String key, String fallback) {
    var value = settings.get(key);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
