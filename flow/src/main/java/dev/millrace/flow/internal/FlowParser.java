package dev.millrace.flow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.Condition;
import dev.millrace.flow.Flow;
import dev.millrace.flow.Operator;
import dev.millrace.flow.Problem;
import dev.millrace.flow.RetryPolicy;
import dev.millrace.flow.Step;
import dev.millrace.flow.Step.Branch;
import dev.millrace.flow.Step.OnError;
import dev.millrace.flow.Step.RouterMode;
import dev.millrace.flow.TriggerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a JSON tree into a {@link Flow}, collecting every problem of shape instead of stopping. */
public final class FlowParser {
  private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,99}");
  private static final Set<String> TRIGGER_TYPES = Set.of("webhook", "schedule", "manual");
  private static final Set<String> FLOW_FIELDS =
      Set.of("name", "description", "trigger", "steps", "variables");
  private static final Set<String> COMMON =
      Set.of("name", "type", "retry", "onError", "description");
  private static final Set<String> PIECE_FIELDS = with(COMMON, "piece", "action", "input");
  private static final Set<String> CODE_FIELDS = with(COMMON, "source", "input");
  private static final Set<String> ROUTER_FIELDS = with(COMMON, "mode", "branches", "otherwise");
  private static final Set<String> LOOP_FIELDS = with(COMMON, "items", "steps");
  private static final int MAX_RETRY_ATTEMPTS = 100;

  private final List<Problem> problems;

  public FlowParser(List<Problem> problems) {
    this.problems = problems;
  }

  /** The flow, or null when the document is not even an object. */
  public Flow parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      problem("document", null, null, "a flow must be a JSON object");
      return null;
    }
    unknownFields(root, FLOW_FIELDS, "flow", null);
    String name = text(root, "name", "flow", null, false);
    TriggerSpec trigger = trigger(root.get("trigger"));
    ObjectNode variables = JsonNodeFactory.instance.objectNode();
    JsonNode vars = root.get("variables");
    if (vars != null && !vars.isNull()) {
      if (vars.isObject()) {
        variables = (ObjectNode) vars;
      } else {
        problem("variables", null, null, "must be an object of name → value");
      }
    }
    JsonNode steps = root.get("steps");
    if (steps == null) {
      problem("flow", null, "steps", "missing; a flow needs at least one step");
    }
    return new Flow(name == null ? "unnamed" : name, trigger, steps(steps, "steps"), variables);
  }

  private TriggerSpec trigger(JsonNode node) {
    ObjectNode none = JsonNodeFactory.instance.objectNode();
    if (node == null || node.isNull()) {
      return new TriggerSpec("manual", none);
    }
    if (!node.isObject()) {
      problem("trigger", null, null, "must be an object such as {\"type\": \"webhook\"}");
      return new TriggerSpec("manual", none);
    }
    String type = text(node, "type", "trigger", null, true);
    if (type != null && !TRIGGER_TYPES.contains(type)) {
      problem(
          "trigger",
          null,
          "type",
          "unknown trigger \"" + type + "\" (use one of " + sorted(TRIGGER_TYPES) + ")");
    }
    ObjectNode settings = ((ObjectNode) node).deepCopy();
    settings.remove("type");
    if ("schedule".equals(type) && !settings.has("cron") && !settings.has("everySeconds")) {
      problem("trigger", null, "cron", "a schedule trigger needs \"cron\" or \"everySeconds\"");
    }
    if ("webhook".equals(type) && settings.has("mode")) {
      String mode = settings.get("mode").asText();
      if (!mode.equals("sync") && !mode.equals("async")) {
        problem("trigger", null, "mode", "must be \"sync\" or \"async\", not \"" + mode + "\"");
      }
    }
    return new TriggerSpec(type == null ? "manual" : type, settings);
  }

  private List<Step> steps(JsonNode node, String location) {
    var steps = new ArrayList<Step>();
    if (node == null || node.isNull()) {
      return steps;
    }
    if (!node.isArray()) {
      problem(location, null, null, "must be a list of steps");
      return steps;
    }
    for (int i = 0; i < node.size(); i++) {
      Step step = step(node.get(i), location + "[" + i + "]");
      if (step != null) {
        steps.add(step);
      }
    }
    return steps;
  }

  private Step step(JsonNode node, String at) {
    if (!node.isObject()) {
      problem(at, null, null, "a step must be an object");
      return null;
    }
    String name = text(node, "name", at, null, true);
    if (name != null && !STEP_NAME.matcher(name).matches()) {
      problem(
          at, name, "name", "must start with a letter or _ and hold only letters, digits, _ and -");
    }
    String type = text(node, "type", at, name, true);
    RetryPolicy retry = retry(node.get("retry"), at, name);
    OnError onError = onError(node.get("onError"), at, name);
    if (type == null) {
      return null;
    }
    switch (type) {
      case "piece" -> {
        unknownFields(node, PIECE_FIELDS, at, name);
        String piece = text(node, "piece", at, name, true);
        String action = text(node, "action", at, name, true);
        JsonNode input = object(node, "input", at, name);
        return new Step.PieceStep(name, piece, action, input, retry, onError);
      }
      case "code" -> {
        unknownFields(node, CODE_FIELDS, at, name);
        String source = text(node, "source", at, name, true);
        JsonNode input = object(node, "input", at, name);
        return new Step.CodeStep(name, source, input, retry, onError);
      }
      case "router" -> {
        unknownFields(node, ROUTER_FIELDS, at, name);
        RouterMode mode = RouterMode.FIRST_MATCH;
        String modeText = text(node, "mode", at, name, false);
        if (modeText != null) {
          try {
            mode = RouterMode.valueOf(modeText.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            problem(
                at,
                name,
                "mode",
                "must be \"first_match\" or \"all_match\", not \"" + modeText + "\"");
          }
        }
        var branches = new ArrayList<Branch>();
        JsonNode list = node.get("branches");
        if (list == null || !list.isArray() || list.isEmpty()) {
          problem(at, name, "branches", "a router needs a non-empty list of branches");
        } else {
          for (int i = 0; i < list.size(); i++) {
            branches.add(branch(list.get(i), at + ".branches[" + i + "]", name, i));
          }
        }
        return new Step.RouterStep(
            name, mode, branches, steps(node.get("otherwise"), at + ".otherwise"), retry, onError);
      }
      case "loop" -> {
        unknownFields(node, LOOP_FIELDS, at, name);
        JsonNode items = node.get("items");
        if (items == null || !(items.isTextual() || items.isArray())) {
          problem(
              at,
              name,
              "items",
              "a loop needs \"items\": a template such as \"{{trigger.body.items}}\" or a list");
        }
        JsonNode steps = node.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
          problem(at, name, "steps", "a loop needs a non-empty list of steps");
        }
        return new Step.LoopStep(name, items, steps(steps, at + ".steps"), retry, onError);
      }
      default -> {
        problem(
            at,
            name,
            "type",
            "unknown step type \"" + type + "\" (use piece, code, router or loop)");
        return null;
      }
    }
  }

  private Branch branch(JsonNode node, String at, String router, int index) {
    if (!node.isObject()) {
      problem(at, router, null, "a branch must be an object with \"when\" and \"steps\"");
      return new Branch("branch" + index, null, List.of());
    }
    String name = node.hasNonNull("name") ? node.get("name").asText() : "branch" + index;
    Condition when = null;
    if (!node.has("when")) {
      problem(at, router, "when", "a branch needs a condition");
    } else {
      when = condition(node.get("when"), at, router, "when");
    }
    return new Branch(name, when, steps(node.get("steps"), at + ".steps"));
  }

  private Condition condition(JsonNode node, String at, String step, String field) {
    if (node == null || !node.isObject()) {
      problem(
          at, step, field, "a condition must be {left, op, right}, {all: [...]} or {any: [...]}");
      return null;
    }
    for (String group : List.of("all", "any")) {
      if (node.has(group)) {
        JsonNode list = node.get(group);
        if (!list.isArray() || list.isEmpty()) {
          problem(at, step, field + "." + group, "must be a non-empty list of conditions");
          return null;
        }
        var nested = new ArrayList<Condition>();
        for (int i = 0; i < list.size(); i++) {
          Condition c = condition(list.get(i), at, step, field + "." + group + "[" + i + "]");
          if (c != null) {
            nested.add(c);
          }
        }
        return group.equals("all") ? new Condition.AllOf(nested) : new Condition.AnyOf(nested);
      }
    }
    JsonNode opNode = node.get("op");
    if (opNode == null || !opNode.isTextual()) {
      problem(at, step, field + ".op", "missing operator (one of " + operatorNames() + ")");
      return null;
    }
    var op = Operator.fromJson(opNode.asText());
    if (op.isEmpty()) {
      problem(
          at,
          step,
          field + ".op",
          "unknown operator \"" + opNode.asText() + "\" (use one of " + operatorNames() + ")");
      return null;
    }
    if (!node.has("left")) {
      problem(at, step, field + ".left", "missing");
    }
    if (op.get().binary() && !node.has("right")) {
      problem(
          at,
          step,
          field + ".right",
          "missing; \"" + op.get().jsonName() + "\" compares two values");
    }
    if (op.get() == Operator.MATCHES
        && node.has("right")
        && node.get("right").isTextual()
        && !node.get("right").asText().contains("{{")) {
      try {
        Pattern.compile(node.get("right").asText());
      } catch (java.util.regex.PatternSyntaxException e) {
        problem(
            at, step, field + ".right", "not a valid regular expression: " + e.getDescription());
      }
    }
    return new Condition.Comparison(node.get("left"), op.get(), node.get("right"));
  }

  private RetryPolicy retry(JsonNode node, String at, String step) {
    if (node == null || node.isNull()) {
      return RetryPolicy.NONE;
    }
    if (!node.isObject()) {
      problem(
          at,
          step,
          "retry",
          "must be an object such as {\"attempts\": 3, \"backoff\": \"exponential\", \"delayMs\": 500}");
      return RetryPolicy.NONE;
    }
    int attempts = node.path("attempts").asInt(1);
    if (attempts < 1 || attempts > MAX_RETRY_ATTEMPTS) {
      problem(at, step, "retry.attempts", "must be between 1 and " + MAX_RETRY_ATTEMPTS);
      attempts = 1;
    }
    RetryPolicy.Backoff backoff = RetryPolicy.Backoff.FIXED;
    String backoffText = node.path("backoff").asText("fixed");
    try {
      backoff = RetryPolicy.Backoff.valueOf(backoffText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problem(
          at,
          step,
          "retry.backoff",
          "must be \"fixed\" or \"exponential\", not \"" + backoffText + "\"");
    }
    long delay = node.path("delayMs").asLong(1000);
    long max = node.path("maxDelayMs").asLong(300_000);
    if (delay < 0 || max < 0) {
      problem(at, step, "retry.delayMs", "must not be negative");
      delay = 0;
      max = 0;
    }
    return new RetryPolicy(attempts, backoff, Duration.ofMillis(delay), Duration.ofMillis(max));
  }

  private OnError onError(JsonNode node, String at, String step) {
    if (node == null || node.isNull()) {
      return OnError.STOP;
    }
    return switch (node.asText()) {
      case "stop" -> OnError.STOP;
      case "continue" -> OnError.CONTINUE;
      default -> {
        problem(
            at, step, "onError", "must be \"stop\" or \"continue\", not \"" + node.asText() + "\"");
        yield OnError.STOP;
      }
    };
  }

  private JsonNode object(JsonNode node, String field, String at, String step) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!value.isObject()) {
      problem(at, step, field, "must be an object of input name → value");
      return JsonNodeFactory.instance.objectNode();
    }
    return value;
  }

  private String text(JsonNode node, String field, String at, String step, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problem(at, step, field, "missing");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problem(at, step, field, "must be a non-empty string");
      return null;
    }
    return value.asText();
  }

  private void unknownFields(JsonNode node, Set<String> known, String at, String step) {
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (!known.contains(field)) {
                problem(at, step, field, "unknown field (known: " + sorted(known) + ")");
              }
            });
  }

  private void problem(String at, String step, String field, String message) {
    problems.add(new Problem(at, step, field, message));
  }

  private static String operatorNames() {
    return String.join(", ", Arrays.stream(Operator.values()).map(Operator::jsonName).toList());
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", names.stream().sorted().toList());
  }

  private static Set<String> with(Set<String> base, String... more) {
    var all = new java.util.HashSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }
}
