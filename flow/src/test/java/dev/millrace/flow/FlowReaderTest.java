package dev.millrace.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlowReaderTest {
  /** A catalog with one piece, http, whose request action needs a url. */
  static final ActionCatalog CATALOG =
      new ActionCatalog() {
        final Map<String, List<Input>> actions =
            Map.of("http.request", List.of(new Input("url", true), new Input("method", false)));

        @Override
        public boolean hasPiece(String piece) {
          return piece.equals("http");
        }

        @Override
        public List<String> actionNames(String piece) {
          return List.of("request");
        }

        @Override
        public Optional<List<Input>> inputs(String piece, String action) {
          return Optional.ofNullable(actions.get(piece + "." + action));
        }
      };

  final FlowReader reader = new FlowReader(CATALOG);

  @Test
  void readsAValidFlowWithEveryStepType() {
    Flow flow =
        reader.read(
            """
        {"name": "order", "trigger": {"type": "webhook", "mode": "sync"}, "variables": {"base": "https://x"},
         "steps": [
          {"name": "customer", "type": "piece", "piece": "http", "action": "request",
           "input": {"url": "{{vars.base}}/c/{{trigger.body.id}}"}, "retry": {"attempts": 3, "backoff": "exponential", "delayMs": 500}},
          {"name": "score", "type": "code", "input": {"c": "{{customer.body}}"}, "source": "export default ({c}) => c"},
          {"name": "route", "type": "router", "branches": [
             {"when": {"left": "{{score.vip}}", "op": "equals", "right": true},
              "steps": [{"name": "vip", "type": "code", "source": "export default () => 1"}]}],
           "otherwise": [{"name": "plain", "type": "code", "source": "export default () => 2"}]},
          {"name": "each_item", "type": "loop", "items": "{{trigger.body.items}}", "onError": "continue",
           "steps": [{"name": "charge", "type": "code", "input": {"sku": "{{item.sku}}", "n": "{{index}}", "v": "{{vip}}"},
                      "source": "export default (i) => i"}]}]}""");
    assertThat(flow.steps()).hasSize(4);
    assertThat(flow.trigger().type()).isEqualTo("webhook");
    assertThat(flow.steps().get(0).retry().attempts()).isEqualTo(3);
    assertThat(flow.steps().get(3).onError()).isEqualTo(Step.OnError.CONTINUE);
  }

  @Test
  void readsYaml() {
    Flow flow =
        reader.read(
            """
        name: yaml
        steps:
          - name: a
            type: code
            source: "export default () => 1"
        """);
    assertThat(flow.name()).isEqualTo("yaml");
  }

  @Test
  void reportsEveryProblemAtOnceNamingStepAndField() {
    var problems =
        reader.problems(
            """
        {"name": "bad", "steps": [
          {"name": "one", "type": "piece", "piece": "http", "action": "request", "input": {"urll": "x"}},
          {"name": "score", "type": "piece", "piece": "htp", "action": "request"},
          {"name": "one", "type": "code", "source": "export default () => 1"},
          {"name": "early", "type": "code", "input": {"x": "{{later.value}}", "y": "{{ghost}}", "z": "{{item}}"},
           "source": "export default () => 1"},
          {"name": "later", "type": "router", "branches": [{"when": {"left": 1, "op": "bigger", "right": 2}, "steps": []},
                                                         {"when": {"left": 1, "op": "equals"}, "steps": []},
                                                         {"when": {"left": "a", "op": "matches", "right": "(["}, "steps": []}]},
          {"type": "loop", "steps": []},
          {"name": "x", "type": "teleport"},
          {"name": "r", "type": "code", "source": "s", "retry": {"attempts": 0}, "onError": "ignore", "inputs": {}}]}""");
    assertThat(problems)
        .extracting(Problem::toString)
        .contains(
            "steps[0] \"one\" input.url: missing required input",
            "steps[1] \"score\" piece: unknown piece \"htp\"",
            "steps[2] \"one\" name: duplicate step name (also used at steps[0])",
            "steps[3] \"early\" input: template {{later.value}}: step \"later\" does not come earlier",
            "steps[3] \"early\" input: template {{ghost}}: no step named \"ghost\"",
            "steps[3] \"early\" input: template {{item}}: \"item\" is only defined inside a loop",
            "steps[6] \"x\" type: unknown step type \"teleport\" (use piece, code, router or loop)",
            "steps[7] \"r\" retry.attempts: must be between 1 and 100",
            "steps[7] \"r\" onError: must be \"stop\" or \"continue\", not \"ignore\"");
    assertThat(problems)
        .extracting(Problem::toString)
        .anyMatch(p -> p.startsWith("steps[0] \"one\" input.urll: unknown input"));
    assertThat(problems)
        .extracting(Problem::toString)
        .anyMatch(
            p ->
                p.startsWith(
                    "steps[4].branches[0] \"later\" when.op: unknown operator \"bigger\""));
    assertThat(problems)
        .extracting(Problem::toString)
        .contains(
            "steps[4].branches[1] \"later\" when.right: missing; \"equals\" compares two values");
    assertThat(problems)
        .extracting(Problem::toString)
        .anyMatch(
            p ->
                p.startsWith(
                    "steps[4].branches[2] \"later\" when.right: not a valid regular expression"));
    assertThat(problems).extracting(Problem::toString).contains("steps[5] name: missing");
    assertThat(problems)
        .extracting(Problem::toString)
        .anyMatch(p -> p.startsWith("steps[7] \"r\" inputs: unknown field"));
  }

  @Test
  void reportsUnknownActionsWithTheActionsThePieceHas() {
    assertThat(
            reader.problems(
                """
        {"name": "a", "steps": [{"name": "s", "type": "piece", "piece": "http", "action": "fetch", "input": {}}]}"""))
        .extracting(Problem::toString)
        .containsExactly(
            "steps[0] \"s\" action: unknown action \"fetch\" of piece \"http\" (it has request)");
  }

  @Test
  void reportsMalformedDocumentsWithTheirPosition() {
    assertThatThrownBy(() -> reader.read("{\"name\": \"a\", \"steps\": [}"))
        .isInstanceOf(InvalidFlowException.class)
        .hasMessageContaining("not valid JSON or YAML")
        .hasMessageContaining("line 1");
  }

  @Test
  void stepsInsideALoopSeeTheIterationAndEarlierStepsButNotLaterOnes() {
    var problems =
        reader.problems(
            """
        {"name": "a", "steps": [
          {"name": "each", "type": "loop", "items": [1, 2], "steps": [
             {"name": "first", "type": "code", "input": {"i": "{{item}}", "next": "{{second}}"}, "source": "s"},
             {"name": "second", "type": "code", "input": {"f": "{{first}}", "loop": "{{each}}"}, "source": "s"}]},
          {"name": "after", "type": "code", "input": {"all": "{{each}}", "trigger": "{{trigger.x}}", "v": "{{vars.nope}}"}, "source": "s"}]}""");
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "steps[0].steps[0] \"first\" input: template {{second}}: step \"second\" does not come earlier",
            "steps[0].steps[1] \"second\" input: template {{each}}: step \"each\" does not come earlier",
            "steps[1] \"after\" input: template {{vars.nope}}: no flow variable \"nope\"");
  }
}
