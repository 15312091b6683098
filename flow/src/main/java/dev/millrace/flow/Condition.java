package dev.millrace.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A router condition: a comparison, or all/any of nested conditions. Operands may be templates. */
public sealed interface Condition {
  record Comparison(JsonNode left, Operator op, JsonNode right) implements Condition {}

  record AllOf(List<Condition> conditions) implements Condition {
    public AllOf {
      conditions = List.copyOf(conditions);
    }
  }

  record AnyOf(List<Condition> conditions) implements Condition {
    public AnyOf {
      conditions = List.copyOf(conditions);
    }
  }
}
