package dev.millrace.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.flow.run.StepStatus;
import dev.millrace.flow.run.Waitpoint;
import dev.millrace.worker.internal.StepRecordJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step records travel in the JSON form docs/worker-api.md shows. */
class StepRecordJsonTest {
  @Test
  void aRecordIsWrittenWithTheContractsFieldsAndReadBackUnchanged() {
    var waitpoint =
        new Waitpoint(
            "wait",
            Waitpoint.Kind.DELAY,
            Instant.parse("2026-12-03T11:00:00Z"),
            JsonNodeFactory.instance.objectNode().put("why", "a day"));
    var record =
        new StepRecord(
            "each_order[3].charge",
            StepStatus.PAUSED,
            JsonNodeFactory.instance.objectNode().put("ok", true),
            null,
            2,
            Instant.parse("2026-12-03T10:00:00.120Z"),
            Instant.parse("2026-12-03T10:00:00.180Z"),
            List.of("line"),
            waitpoint);

    var json = StepRecordJson.write(record);
    assertThat(json.toString())
        .isEqualTo(
            "{\"path\":\"each_order[3].charge\",\"status\":\"PAUSED\",\"output\":{\"ok\":true},"
                + "\"error\":null,\"attempts\":2,\"startedAt\":\"2026-12-03T10:00:00.120Z\","
                + "\"finishedAt\":\"2026-12-03T10:00:00.180Z\",\"logs\":[\"line\"],"
                + "\"waitpoint\":{\"stepPath\":\"wait\",\"kind\":\"DELAY\","
                + "\"resumeAt\":\"2026-12-03T11:00:00Z\",\"data\":{\"why\":\"a day\"}}}");
    assertThat(StepRecordJson.read(json)).isEqualTo(record);
  }
}
