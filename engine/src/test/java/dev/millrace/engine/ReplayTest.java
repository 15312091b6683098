package dev.millrace.engine;

import static dev.millrace.engine.EngineFixture.json;
import static dev.millrace.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.flow.run.InMemoryJournal;
import dev.millrace.flow.run.Journal;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.flow.run.StepStatus;
import dev.millrace.testkit.HttpSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ReplayTest {
  static final EngineFixture fixture = new EngineFixture();

  @AfterAll
  static void close() {
    fixture.close();
  }

  static String threeCalls(HttpSink sink) {
    return """
        {"name": "three", "steps": [
          {"name": "one", "type": "piece", "piece": "http", "action": "request",
           "input": {"method": "POST", "url": "%s", "body": {"step": 1}}},
          {"name": "two", "type": "piece", "piece": "http", "action": "request",
           "input": {"method": "POST", "url": "%s", "body": {"step": 2}}},
          {"name": "three", "type": "piece", "piece": "http", "action": "request",
           "input": {"method": "POST", "url": "%s", "body": {"from1": "{{one.body.token}}", "from2": "{{two.body.token}}"}}}]}"""
        .formatted(sink.url("/one"), sink.url("/two"), sink.url("/three"));
  }

  static StepRecord done(String path, String outputJson) {
    Instant now = Instant.now();
    return new StepRecord(
        path, StepStatus.SUCCEEDED, json(outputJson), null, 1, now, now, List.of(), null);
  }

  @Test
  void stepsInTheJournalAreNotExecutedAgainAndTheirOutputsFeedLaterSteps() {
    try (HttpSink sink = HttpSink.start()) {
      var journal =
          new InMemoryJournal(
              List.of(
                  done("one", "{\"status\": 200, \"body\": {\"token\": \"recorded-1\"}}"),
                  done("two", "{\"status\": 200, \"body\": {\"token\": \"recorded-2\"}}")));
      RunResult result =
          fixture.run(
              threeCalls(sink), Execution.local("run-replay", json("{}")).withJournal(journal));

      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(sink.count("/one")).isZero();
      assertThat(sink.count("/two")).isZero();
      assertThat(sink.count("/three")).isEqualTo(1);
      assertThat(sink.requests().getFirst().body())
          .isEqualTo("{\"from1\":\"recorded-1\",\"from2\":\"recorded-2\"}");
      assertThat(journal.find("three"))
          .get()
          .extracting(StepRecord::status)
          .isEqualTo(StepStatus.SUCCEEDED);
    }
  }

  /**
   * A journal whose process "dies" when asked to record a given step, as a worker killed mid-write
   * would.
   */
  static final class CrashingJournal implements Journal {
    final InMemoryJournal durable;
    String crashAt;

    CrashingJournal(InMemoryJournal durable, String crashAt) {
      this.durable = durable;
      this.crashAt = crashAt;
    }

    @Override
    public Optional<StepRecord> find(String path) {
      return durable.find(path);
    }

    @Override
    public void append(StepRecord record, boolean durableNow) {
      if (record.path().equals(crashAt)) {
        throw new IllegalStateException("worker died");
      }
      durable.append(record, durableNow);
    }
  }

  @Test
  void afterACrashOnlyTheStepInFlightRunsAgain() {
    try (HttpSink sink = HttpSink.start()) {
      var durable = new InMemoryJournal();
      String flow = threeCalls(sink);
      assertThatThrownBy(
              () ->
                  fixture.run(
                      flow,
                      Execution.local("run-crash", json("{}"))
                          .withJournal(new CrashingJournal(durable, "two"))))
          .hasMessage("worker died");
      assertThat(sink.count("/one")).isEqualTo(1);
      assertThat(sink.count("/two")).isEqualTo(1);

      RunResult retried =
          fixture.run(flow, Execution.local("run-crash", json("{}")).withJournal(durable));
      assertThat(retried.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(sink.count("/one")).isEqualTo(1);
      assertThat(sink.count("/two")).isEqualTo(2);
      assertThat(sink.count("/three")).isEqualTo(1);
      assertThat(sink.requests())
          .filteredOn(r -> r.path().equals("/two"))
          .extracting(r -> r.header("Content-Type"))
          .allMatch(t -> t.startsWith("application/json"));
    }
  }

  /** Remembers the order of appends (and whether each had to be durable) and of flushes. */
  static final class RecordingJournal implements Journal {
    final InMemoryJournal inner = new InMemoryJournal();
    final List<String> events = new ArrayList<>();

    @Override
    public Optional<StepRecord> find(String path) {
      return inner.find(path);
    }

    @Override
    public void append(StepRecord record, boolean durableNow) {
      events.add((durableNow ? "write " : "buffer ") + record.path());
      inner.append(record, durableNow);
    }

    @Override
    public void flush() {
      events.add("flush");
    }
  }

  @Test
  void effectFreeStepsAreBufferedAndFlushedBeforeTheNextEffect() {
    try (HttpSink sink = HttpSink.start()) {
      var journal = new RecordingJournal();
      RunResult result =
          fixture.run(
              """
          {"name": "batch", "steps": [
            {"name": "a", "type": "piece", "piece": "math", "action": "add", "input": {"a": 1, "b": 2}},
            {"name": "b", "type": "piece", "piece": "text", "action": "upper", "input": {"text": "x{{a}}"}},
            {"name": "call", "type": "piece", "piece": "http", "action": "request",
             "input": {"method": "POST", "url": "%s", "body": {"b": "{{b}}"}}},
            {"name": "c", "type": "piece", "piece": "math", "action": "add", "input": {"a": "{{a}}", "b": 1}}]}"""
                  .formatted(sink.url("/effect")),
              Execution.local("run-batch", json("{}")).withJournal(journal));
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(step(result, "c").output().asInt()).isEqualTo(4);
      assertThat(journal.events)
          .containsExactly("buffer a", "buffer b", "flush", "write call", "buffer c");
    }
  }
}
