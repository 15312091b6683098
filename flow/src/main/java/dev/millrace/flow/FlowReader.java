package dev.millrace.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.millrace.flow.internal.FlowParser;
import dev.millrace.flow.internal.FlowValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads flows from JSON or YAML and checks them. {@link #read} reports every problem at once, both
 * in the document's shape (a missing {@code type}, a misspelt field) and in its meaning (an unknown
 * piece, a template pointing at a later step).
 */
public final class FlowReader {
  /** The JSON mapper flows are read and written with. */
  public static final ObjectMapper JSON = JsonMapper.builder().build();

  private static final ObjectMapper YAML = new YAMLMapper();

  private final ActionCatalog catalog;

  public FlowReader(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Parses and validates a flow given as JSON or YAML text.
   *
   * @throws InvalidFlowException listing every problem found
   */
  public Flow read(String text) {
    JsonNode tree;
    try {
      String trimmed = text.stripLeading();
      tree = trimmed.startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFlowException(
          List.of(
              new Problem(
                  "document",
                  null,
                  null,
                  "not valid JSON or YAML: " + e.getOriginalMessage() + location(e))));
    }
    return read(tree);
  }

  /**
   * Parses and validates a flow given as a JSON tree.
   *
   * @throws InvalidFlowException listing every problem found
   */
  public Flow read(JsonNode tree) {
    var problems = new ArrayList<Problem>();
    Flow flow = new FlowParser(problems).parse(tree);
    if (flow != null) {
      new FlowValidator(catalog, problems).validate(flow);
    }
    if (!problems.isEmpty()) {
      throw new InvalidFlowException(problems);
    }
    return flow;
  }

  /** Every problem in {@code text}; empty when the flow is valid. */
  public List<Problem> problems(String text) {
    try {
      read(text);
      return List.of();
    } catch (InvalidFlowException e) {
      return e.problems();
    }
  }

  private static String location(JsonProcessingException e) {
    var at = e.getLocation();
    return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /** A flow with no steps, handy as a starting point in code. */
  public static Flow empty(String name) {
    ObjectNode none = JsonNodeFactory.instance.objectNode();
    return new Flow(name, new TriggerSpec("manual", none), List.of(), none);
  }
}
