package dev.millrace.pieces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.piece.Prop;
import dev.millrace.piece.TriggerDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PieceCatalogTest {
  private final PieceRegistry registry = PieceRegistry.discover();

  @Test
  void serviceLoaderFindsEveryBuiltInPieceWithItsActions() {
    Map<String, List<String>> actions =
        registry.pieces().stream()
            .collect(
                Collectors.toMap(
                    Piece::name, p -> p.actions().stream().map(Action::name).toList()));

    assertThat(actions)
        .containsOnlyKeys(
            "http",
            "delay",
            "store",
            "json",
            "text",
            "math",
            "date",
            "uuid",
            "hash",
            "webhook",
            "schedule",
            "approval",
            "subflow");
    assertThat(actions.get("subflow")).containsExactly("call");
    assertThat(actions.get("http")).containsExactly("request");
    assertThat(actions.get("delay")).containsExactly("for", "until");
    assertThat(actions.get("store")).containsExactly("get", "put", "delete", "append", "increment");
    assertThat(actions.get("json"))
        .containsExactlyInAnyOrder("parse", "stringify", "get", "set", "merge", "pick");
    assertThat(actions.get("text"))
        .containsExactlyInAnyOrder(
            "concat",
            "split",
            "replace",
            "upper",
            "lower",
            "trim",
            "substring",
            "length",
            "slugify",
            "base64Encode",
            "base64Decode",
            "urlEncode",
            "urlDecode");
    assertThat(actions.get("math"))
        .containsExactlyInAnyOrder(
            "add", "subtract", "multiply", "divide", "round", "min", "max", "sum", "average");
    assertThat(actions.get("date"))
        .containsExactlyInAnyOrder("now", "add", "diff", "format", "parse");
    assertThat(actions.get("uuid")).containsExactly("v4", "v5");
    assertThat(actions.get("hash"))
        .containsExactlyInAnyOrder("md5", "sha1", "sha256", "sha512", "hmac");
    assertThat(actions.get("webhook")).containsExactly("respond");
    assertThat(actions.get("schedule")).containsExactly("next");
    assertThat(actions.get("approval")).containsExactly("request");
    assertThat(registry.action("http", "request")).isPresent();
  }

  @Test
  void triggersAreWebhookAndSchedule() {
    assertThat(
            registry.pieces().stream()
                .flatMap(p -> p.triggers().stream())
                .map(TriggerDefinition::name))
        .containsExactlyInAnyOrder("webhook", "schedule");
  }

  @Test
  void actionNamesAreUniqueWithinEachPiece() {
    for (Piece piece : registry.pieces()) {
      var names = piece.actions().stream().map(Action::name).toList();
      assertThat(new HashSet<>(names)).as(piece.name()).hasSameSizeAs(names);
    }
  }

  @Test
  void everyActionsPropsHaveUniqueNamesAndDescriptions() {
    for (Piece piece : registry.pieces()) {
      for (Action action : piece.actions()) {
        var names = action.props().stream().map(Prop::name).toList();
        assertThat(new HashSet<>(names))
            .as("%s.%s prop names", piece.name(), action.name())
            .hasSameSizeAs(names);
        assertThat(action.description()).as("%s.%s", piece.name(), action.name()).isNotBlank();
        assertThat(action.props())
            .as("%s.%s", piece.name(), action.name())
            .allSatisfy(p -> assertThat(p.description()).isNotBlank());
      }
    }
  }

  @Test
  void everyDefaultPassesItsOwnPropsCheck() {
    for (Piece piece : registry.pieces()) {
      for (Action action : piece.actions()) {
        for (Prop prop : action.props()) {
          if (prop.defaultValue() != null) {
            ObjectNode values = JsonValues.NODES.objectNode().set(prop.name(), prop.defaultValue());
            Inputs.check(List.of(prop), values);
          }
        }
      }
    }
  }

  @Test
  void onlyHttpAndStoreWritesHaveExternalEffects() {
    var effectful =
        registry.pieces().stream()
            .flatMap(
                p ->
                    p.actions().stream()
                        .filter(Action::hasExternalEffect)
                        .map(a -> p.name() + "." + a.name()))
            .toList();

    assertThat(effectful)
        .containsExactlyInAnyOrder(
            "http.request", "store.put", "store.delete", "store.append", "store.increment");
  }

  @Test
  void catalogReportsRequiredInputsForTheFlowValidator() {
    assertThat(registry.inputs("http", "request").orElseThrow())
        .filteredOn(i -> i.required())
        .extracting(i -> i.name())
        .containsExactly("url");
  }
}
