package dev.millrace.pieces.webhook;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.piece.TriggerDefinition;
import dev.millrace.pieces.TestContext;
import org.junit.jupiter.api.Test;

class WebhookPieceTest {
  private final WebhookPiece piece = new WebhookPiece();

  @Test
  void respondSetsTheReplyAndReturnsIt() {
    TestContext context =
        TestContext.of(
            piece,
            "respond",
            "{status: 201, headers: {'X-Id': 7, Location: '/orders/7'}, body: {id: 7}}");

    JsonNode out = context.run();

    JsonNode expected =
        json("{status: 201, headers: {'X-Id': '7', Location: '/orders/7'}, body: {id: 7}}");
    assertThat(out).isEqualTo(expected);
    assertThat(context.responded()).isEqualTo(expected);
  }

  @Test
  void respondDefaultsToStatus200WithNoHeadersAndNullBody() {
    TestContext context = TestContext.of(piece, "respond", "{}");

    context.run();

    assertThat(context.responded()).isEqualTo(json("{status: 200, headers: {}, body: null}"));
  }

  @Test
  void respondRefusesImpossibleStatusesAndHeaders() {
    assertThat(failure(piece, "respond", "{status: 99}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("between 100 and 599");
    assertThat(failure(piece, "respond", "{status: 600}")).matches(PieceException::isPermanent);
    assertThat(failure(piece, "respond", "{headers: {a: {b: 1}}}"))
        .hasMessageContaining("header \"a\"");
  }

  @Test
  void respondIsEffectFreeBecauseTheReplyIsSentLater() {
    assertThat(piece.actions()).singleElement().matches(a -> !a.hasExternalEffect());
  }

  @Test
  void definesTheWebhookTriggerWithModeAndSecret() {
    TriggerDefinition trigger = piece.triggers().getFirst();

    assertThat(trigger.name()).isEqualTo("webhook");
    assertThat(trigger.settings()).extracting(Prop::name).containsExactly("mode", "secret");
    assertThat(trigger.settings().getFirst().choices()).containsExactly("sync", "async");
  }
}
