package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.flow.run.RunStatus;
import dev.millrace.server.internal.db.RunTransitions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunStatesDiagramTest {
  @Test
  void everyStatusIsReachableAndTheDiagramIsDrawnIntoDocs() throws Exception {
    for (RunStatus s : RunStatus.values()) {
      if (s != RunStatus.QUEUED) {
        assertThat(RunTransitions.TABLE).as(s.name()).anyMatch(t -> t.to() == s);
      }
    }
    assertThat(RunTransitions.allowed(RunStatus.SUCCEEDED, RunStatus.QUEUED)).isFalse();
    assertThat(RunTransitions.allowed(RunStatus.FAILED, RunStatus.QUEUED)).isTrue();

    Path docs = Path.of("..", "docs");
    if (Files.isDirectory(docs)) {
      String text =
          "# Run states\n\nDrawn from `RunTransitions` by `RunStatesDiagramTest`; do not edit.\n\n"
              + "```mermaid\n"
              + RunTransitions.mermaid()
              + "```\n";
      Files.writeString(docs.resolve("run-states.md"), text);
    }
  }
}
