package dev.millrace.engine;

import static dev.millrace.engine.EngineFixture.json;
import static dev.millrace.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.flow.run.InMemoryJournal;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EngineSemanticsTest {
  static final EngineFixture fixture = new EngineFixture();

  @AfterAll
  static void close() {
    fixture.close();
  }

  @Test
  void wholeValueTemplatesKeepTheirJsonTypeAndInlineOnesBecomeText() {
    RunResult result =
        fixture.run(
            """
        {"name": "types", "variables": {"limit": 3},
         "steps": [
          {"name": "a", "type": "piece", "piece": "test", "action": "echo",
           "input": {"value": {"n": "{{trigger.n}}", "list": "{{trigger.items}}", "obj": "{{trigger.customer}}",
                               "flag": "{{trigger.flag}}", "limit": "{{vars.limit}}", "nothing": "{{trigger.none}}",
                               "text": "n={{trigger.n}} items={{trigger.items}} who={{trigger.customer.name}} none={{trigger.none}}",
                               "first": "{{trigger.items[0].sku}}", "last": "{{trigger.items[-1].sku}}",
                               "odd": "{{trigger[\\"odd key\\"]}}"}}},
          {"name": "b", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "{{a.obj.name}}"}}
         ]}""",
            json(
                """
            {"n": 42, "flag": true, "none": null, "customer": {"name": "Ada"}, "odd key": "yes",
             "items": [{"sku": "A1"}, {"sku": "B2"}]}"""));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    var out = step(result, "a").output();
    assertThat(out.get("n").isInt()).isTrue();
    assertThat(out.get("list").isArray()).isTrue();
    assertThat(out.get("obj").get("name").asText()).isEqualTo("Ada");
    assertThat(out.get("flag").isBoolean()).isTrue();
    assertThat(out.get("limit").asInt()).isEqualTo(3);
    assertThat(out.get("nothing").isNull()).isTrue();
    assertThat(out.get("text").asText())
        .isEqualTo("n=42 items=[{\"sku\":\"A1\"},{\"sku\":\"B2\"}] who=Ada none=");
    assertThat(out.get("first").asText()).isEqualTo("A1");
    assertThat(out.get("last").asText()).isEqualTo("B2");
    assertThat(out.get("odd").asText()).isEqualTo("yes");
    assertThat(result.output().asText()).isEqualTo("Ada");
  }

  @Test
  void aMissingTemplatePathFailsTheStepNamingTheTemplate() {
    RunResult result =
        fixture.run(
            """
        {"name": "missing", "steps": [
          {"name": "a", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "{{trigger.customer.id}}"}}]}""",
            json("{\"customer\": {\"name\": \"Ada\"}}"));
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.error())
        .contains("{{trigger.customer.id}}")
        .contains("trigger.customer.id not found")
        .contains("fields are name");
  }

  @Test
  void aMissingTemplateInAnOptionalInputIsLeftOut() {
    RunResult result =
        fixture.run(
            """
        {"name": "optional", "steps": [
          {"name": "a", "type": "piece", "piece": "test", "action": "echo",
           "input": {"value": 1, "note": "{{trigger.note}}"}}]}""",
            json("{}"));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void routerFirstMatchTakesOneBranchAndOtherwiseWhenNoneMatches() {
    String flow =
        """
        {"name": "route", "steps": [
          {"name": "route", "type": "router", "branches": [
             {"name": "big", "when": {"left": "{{trigger.total}}", "op": "greater_than", "right": 100},
              "steps": [{"name": "vip", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "vip"}}]},
             {"name": "any", "when": {"any": [{"left": "{{trigger.total}}", "op": "greater_or_equal", "right": "0"},
                                              {"left": "{{trigger.tag}}", "op": "exists"}]},
              "steps": [{"name": "normal", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "normal"}}]}],
           "otherwise": [{"name": "none", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "none"}}]}]}""";
    RunResult big = fixture.run(flow, json("{\"total\": 250}"));
    assertThat(big.output().asText()).isEqualTo("vip");
    assertThat(step(big, "route").output().get("branches").toString()).isEqualTo("[\"big\"]");
    assertThat(big.steps()).extracting(s -> s.path()).doesNotContain("normal");
    assertThat(fixture.run(flow, json("{\"total\": 5}")).output().asText()).isEqualTo("normal");
    assertThat(fixture.run(flow, json("{\"total\": -5}")).output().asText()).isEqualTo("none");
  }

  @Test
  void routerAllMatchTakesEveryMatchingBranch() {
    RunResult result =
        fixture.run(
            """
        {"name": "all", "steps": [
          {"name": "route", "type": "router", "mode": "all_match", "branches": [
             {"when": {"left": "{{trigger.tags}}", "op": "contains", "right": "a"},
              "steps": [{"name": "x", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "x"}}]},
             {"when": {"all": [{"left": "{{trigger.name}}", "op": "starts_with", "right": "Ad"},
                               {"left": "{{trigger.name}}", "op": "matches", "right": "^A.a$"}]},
              "steps": [{"name": "y", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "y"}}]},
             {"when": {"left": "{{trigger.tags}}", "op": "is_empty"},
              "steps": [{"name": "z", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "z"}}]}]}]}""",
            json("{\"tags\": [\"a\", \"b\"], \"name\": \"Ada\"}"));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.steps()).extracting(s -> s.path()).contains("x", "y").doesNotContain("z");
  }

  @Test
  void loopsRunTheirStepsPerItemWithStablePathsAndCollectOutputs() {
    RunResult result =
        fixture.run(
            """
        {"name": "loop", "steps": [
          {"name": "each_order", "type": "loop", "items": "{{trigger.orders}}", "steps": [
             {"name": "charge", "type": "piece", "piece": "test", "action": "echo",
              "input": {"value": {"id": "{{item.id}}", "i": "{{index}}"}}},
             {"name": "receipt", "type": "piece", "piece": "test", "action": "echo",
              "input": {"value": "receipt {{charge.id}} #{{index}}"}}]},
          {"name": "after", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "{{each_order}}"}}]}""",
            json("{\"orders\": [{\"id\": \"o1\"}, {\"id\": \"o2\"}, {\"id\": \"o3\"}]}"));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "each_order[2].charge").output().get("id").asText()).isEqualTo("o3");
    assertThat(step(result, "each_order[1].charge").output().get("i").asInt()).isEqualTo(1);
    assertThat(result.output().toString())
        .isEqualTo("[\"receipt o1 #0\",\"receipt o2 #1\",\"receipt o3 #2\"]");
  }

  @Test
  void aLoopOverSomethingThatIsNotAListFailsWithAClearError() {
    var journal = new InMemoryJournal();
    RunResult result =
        fixture.run(
            """
        {"name": "loop", "steps": [
          {"name": "each", "type": "loop", "items": "{{trigger.orders}}", "steps": [
             {"name": "x", "type": "piece", "piece": "test", "action": "echo", "input": {"value": 1}}]}]}""",
            Execution.local("run-loop", json("{\"orders\": 7}")).withJournal(journal));
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.error()).contains("\"each\"").contains("items must be a list, got number");
    assertThat(journal.find("each")).get().extracting(r -> r.status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  void retriesUntilTheStepSucceeds() {
    RunResult result =
        fixture.run(
            """
        {"name": "retry", "steps": [
          {"name": "flaky3", "type": "piece", "piece": "test", "action": "flaky", "input": {"succeedOn": 3},
           "retry": {"attempts": 3, "backoff": "exponential", "delayMs": 5}}]}""",
            json("{}"));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "flaky3").attempts()).isEqualTo(3);
    assertThat(step(result, "flaky3").logs()).anyMatch(l -> l.contains("failure number 1"));
  }

  @Test
  void retriesGiveUpAfterTheLastAttemptAndPermanentErrorsAreNotRetried() {
    RunResult exhausted =
        fixture.run(
            """
        {"name": "retry", "steps": [
          {"name": "flaky9", "type": "piece", "piece": "test", "action": "flaky", "input": {"succeedOn": 9},
           "retry": {"attempts": 2, "delayMs": 1}}]}""",
            json("{}"));
    assertThat(exhausted.status()).isEqualTo(RunStatus.FAILED);
    assertThat(exhausted.error()).isEqualTo("step \"flaky9\" failed: failure number 2");
    assertThat(fixture.testPiece.calls("flaky9")).isEqualTo(2);

    RunResult permanent =
        fixture.run(
            """
        {"name": "retry", "steps": [
          {"name": "perm", "type": "piece", "piece": "test", "action": "flaky", "input": {"succeedOn": 1, "permanent": true},
           "retry": {"attempts": 5, "delayMs": 1}}]}""",
            json("{}"));
    assertThat(permanent.status()).isEqualTo(RunStatus.FAILED);
    assertThat(fixture.testPiece.calls("perm")).isEqualTo(1);
  }

  @Test
  void onErrorContinueRecordsTheFailureAndGoesOn() {
    RunResult result =
        fixture.run(
            """
        {"name": "continue", "steps": [
          {"name": "bad", "type": "piece", "piece": "test", "action": "flaky", "input": {"succeedOn": 99}, "onError": "continue"},
          {"name": "next", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "saw: {{bad.error}}"}}]}""",
            json("{}"));
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "bad").status()).isEqualTo(StepStatus.FAILED);
    assertThat(result.output().asText()).isEqualTo("saw: failure number 1");
  }

  @Test
  void badInputTypesFailTheStepNamingTheInput() {
    RunResult result =
        fixture.run(
            """
        {"name": "types", "steps": [
          {"name": "s", "type": "piece", "piece": "test", "action": "sleep", "input": {"ms": "{{trigger}}"}}]}""",
            json("{\"a\": 1}"));
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.error()).contains("input \"ms\" must be an integer, got object");
  }

  @Test
  void pauseEndsTheExecutionAndALaterExecutionContinuesAfterThePausedStep() {
    String flow =
        """
        {"name": "approve", "steps": [
          {"name": "before", "type": "piece", "piece": "test", "action": "echo", "input": {"value": 1}},
          {"name": "gate", "type": "piece", "piece": "test", "action": "wait"},
          {"name": "after", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "{{gate.approved}}"}}]}""";
    var journal = new InMemoryJournal();
    var execution = Execution.local("run-pause", json("{}")).withJournal(journal);
    RunResult first = fixture.run(flow, execution);
    assertThat(first.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(first.waitpoint().stepPath()).isEqualTo("gate");
    assertThat(first.waitpoint().data().get("why").asText()).isEqualTo("test");

    RunResult stillWaiting = fixture.run(flow, execution);
    assertThat(stillWaiting.status()).isEqualTo(RunStatus.PAUSED);

    RunResult resumed =
        fixture.run(
            flow, execution.withResume(new Execution.Resume("gate", json("{\"approved\": true}"))));
    assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(resumed.output().asBoolean()).isTrue();
    assertThat(fixture.testPiece.calls("before")).isEqualTo(1);
  }

  @Test
  void cancellationIsCheckedAtStepBoundaries() {
    AtomicBoolean cancelled = new AtomicBoolean();
    var execution =
        Execution.local("run-cancel", json("{}"))
            .withCancel(
                () -> {
                  boolean now = cancelled.get();
                  cancelled.set(true);
                  return now;
                });
    RunResult result =
        fixture.run(
            """
        {"name": "cancel", "steps": [
          {"name": "one", "type": "piece", "piece": "test", "action": "echo", "input": {"value": 1}},
          {"name": "two", "type": "piece", "piece": "test", "action": "echo", "input": {"value": 2}}]}""",
            execution);
    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(result.steps()).extracting(s -> s.path()).containsExactly("one");
  }

  @Test
  void aRunPastItsDeadlineTimesOutAtTheNextBoundary() {
    var execution =
        Execution.local("run-timeout", json("{}"))
            .withDeadline(Instant.now().plus(Duration.ofMillis(150)));
    RunResult result =
        fixture.run(
            """
        {"name": "slow", "steps": [
          {"name": "slow", "type": "piece", "piece": "test", "action": "sleep", "input": {"ms": 300}},
          {"name": "never", "type": "piece", "piece": "test", "action": "echo", "input": {"value": 2}}]}""",
            execution);
    assertThat(result.status()).isEqualTo(RunStatus.TIMED_OUT);
    assertThat(result.steps()).extracting(s -> s.path()).containsExactly("slow");
    assertThat(result.error()).contains("deadline");
  }

  @Test
  void anOutputOverTheCapFailsTheStepWithAClearError() {
    try (var small = new EngineFixture(EngineConfig.defaults().withMaxStepOutputBytes(1000))) {
      RunResult result =
          small.run(
              """
          {"name": "big", "steps": [
            {"name": "big", "type": "piece", "piece": "test", "action": "big", "input": {"bytes": 5000}}]}""",
              json("{}"));
      assertThat(result.status()).isEqualTo(RunStatus.FAILED);
      assertThat(result.error()).contains("5002 bytes, over the limit of 1000 bytes");
    }
  }
}
