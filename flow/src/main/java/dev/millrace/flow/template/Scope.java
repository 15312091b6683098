package dev.millrace.flow.template;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a template's first name can refer to: {@code trigger}, a step, {@code item}, {@code vars}.
 */
@FunctionalInterface
public interface Scope {
  /** The value bound to {@code name}, or null when nothing is bound to it. */
  JsonNode lookup(String name);
}
