package dev.millrace.pieces.json;

import static dev.millrace.pieces.TestContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.pieces.json.JsonPath.Index;
import dev.millrace.pieces.json.JsonPath.Name;
import org.junit.jupiter.api.Test;

class JsonPathTest {
  @Test
  void parsesNamesIndexesAndQuotedNames() {
    assertThat(JsonPath.parse("a.b[0]['c.d'][\"e\"]").segments())
        .containsExactly(
            new Name("a"), new Name("b"), new Index(0), new Name("c.d"), new Name("e"));
    assertThat(JsonPath.parse("$.a").segments()).containsExactly(new Name("a"));
    assertThat(JsonPath.parse("[2].x").segments()).containsExactly(new Index(2), new Name("x"));
  }

  @Test
  void rootForms() {
    assertThat(JsonPath.parse("").segments()).isEmpty();
    assertThat(JsonPath.parse("$").segments()).isEmpty();
    assertThat(JsonPath.parse("$.").segments()).isEmpty();
  }

  @Test
  void refusesMalformedPaths() {
    assertThatThrownBy(() -> JsonPath.parse("a[0]b")).hasMessageContaining("position 4");
    assertThatThrownBy(() -> JsonPath.parse("a.[0]")).hasMessageContaining("must follow the dot");
    assertThatThrownBy(() -> JsonPath.parse("a[-1]")).hasMessageContaining("brackets hold");
  }

  @Test
  void readDoesNotGoThroughNullsOrWrongTypes() {
    var value = json("{a: null, b: 'text', c: [1]}");
    assertThat(JsonPath.parse("a.x").read(value)).isNull();
    assertThat(JsonPath.parse("b.x").read(value)).isNull();
    assertThat(JsonPath.parse("c.x").read(value)).isNull();
    assertThat(JsonPath.parse("c[0]").read(value).asInt()).isEqualTo(1);
  }

  @Test
  void writeLeavesTheOriginalUntouched() {
    var original = json("{a: {b: 1}}");

    var changed = JsonPath.parse("a.b").write(original, json("2"));

    assertThat(original).isEqualTo(json("{a: {b: 1}}"));
    assertThat(changed).isEqualTo(json("{a: {b: 2}}"));
  }

  @Test
  void writeReplacesNullsOnTheWay() {
    assertThat(JsonPath.parse("a.b").write(json("{a: null}"), json("1")))
        .isEqualTo(json("{a: {b: 1}}"));
    assertThat(JsonPath.parse("").write(json("{a: 1}"), json("[1]"))).isEqualTo(json("[1]"));
  }
}
