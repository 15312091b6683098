package dev.millrace.pieces.uuid;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.piece.PieceException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidPieceTest {
  private final UuidPiece piece = new UuidPiece();

  @Test
  void v4IsARandomVersion4Uuid() {
    String first = run(piece, "v4", "{}").asText();
    String second = run(piece, "v4", "{}").asText();

    assertThat(UUID.fromString(first).version()).isEqualTo(4);
    assertThat(UUID.fromString(first).variant()).isEqualTo(2);
    assertThat(first).isNotEqualTo(second).matches("[0-9a-f-]{36}");
  }

  @Test
  void v5MatchesTheKnownVectorForDnsPythonOrg() {
    // the example in Python's uuid documentation: uuid5(NAMESPACE_DNS, 'python.org')
    assertThat(run(piece, "v5", "{namespace: 'dns', name: 'python.org'}").asText())
        .isEqualTo("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  }

  @Test
  void v5IsStableAndDependsOnNamespaceAndName() {
    String a = run(piece, "v5", "{name: 'order-42'}").asText();

    assertThat(run(piece, "v5", "{name: 'order-42'}").asText()).isEqualTo(a);
    assertThat(run(piece, "v5", "{name: 'order-43'}").asText()).isNotEqualTo(a);
    assertThat(run(piece, "v5", "{namespace: 'dns', name: 'order-42'}").asText()).isNotEqualTo(a);
    assertThat(UUID.fromString(a).version()).isEqualTo(5);
  }

  @Test
  void v5TakesAUuidAsNamespace() {
    String custom =
        run(piece, "v5", "{namespace: '" + UUID.randomUUID() + "', name: 'x'}").asText();
    assertThat(UUID.fromString(custom).version()).isEqualTo(5);
    assertThat(
            run(
                    piece,
                    "v5",
                    "{namespace: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', name: 'python.org'}")
                .asText())
        .isEqualTo("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  }

  @Test
  void v5RefusesAnUnknownNamespace() {
    assertThat(failure(piece, "v5", "{namespace: 'isbn', name: 'x'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("dns, url, oid, x500 or a UUID");
  }
}
