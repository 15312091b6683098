package dev.millrace.engine;

import static dev.millrace.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.flow.run.InMemoryJournal;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.Waitpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DelayResumeTest {
  /** A clock the test moves by hand. */
  static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-12-03T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aDelayPausesTheRunUntilItsTimeAndAnEarlyWakeUpPausesAgain() {
    var clock = new HandClock();
    try (var fixture = new EngineFixture(EngineConfig.defaults().withClock(clock))) {
      String flow =
          """
          {"name": "wait", "steps": [
            {"name": "first", "type": "piece", "piece": "test", "action": "echo", "input": {"value": 1}},
            {"name": "pause", "type": "piece", "piece": "delay", "action": "for", "input": {"hours": 24}},
            {"name": "after", "type": "piece", "piece": "test", "action": "echo", "input": {"value": "{{pause.waitedUntil}}"}}]}""";
      var journal = new InMemoryJournal();
      var execution =
          Execution.local("run-delay", json("{}")).withJournal(journal).withDeadline(Instant.MAX);

      RunResult paused = fixture.run(flow, execution);
      assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
      assertThat(paused.waitpoint().kind()).isEqualTo(Waitpoint.Kind.DELAY);
      assertThat(paused.waitpoint().resumeAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));

      clock.now = clock.now.plus(Duration.ofHours(23));
      assertThat(fixture.run(flow, execution).status()).isEqualTo(RunStatus.PAUSED);

      clock.now = clock.now.plus(Duration.ofHours(1));
      RunResult resumed = fixture.run(flow, execution);
      assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(resumed.output().asText()).isEqualTo("2026-12-04T10:00:00Z");
      assertThat(fixture.testPiece.calls("first")).isEqualTo(1);
    }
  }
}
