package dev.millrace.pieces.json;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.json;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.piece.PieceException;
import dev.millrace.pieces.TestContext;
import org.junit.jupiter.api.Test;

class JsonPieceTest {
  private final JsonPiece piece = new JsonPiece();

  @Test
  void parseTurnsTextIntoAValue() {
    assertThat(run(piece, "parse", "{text: '{\"a\": [1, true, null]}'}"))
        .isEqualTo(json("{a: [1, true, null]}"));
    assertThat(run(piece, "parse", "{text: '\"x\"'}").asText()).isEqualTo("x");
    assertThat(run(piece, "parse", "{text: '12.5'}").asDouble()).isEqualTo(12.5);
  }

  @Test
  void parseRefusesBrokenOrEmptyTextSayingWhere() {
    PieceException broken = failure(piece, "parse", "{text: '{\"a\": }'}");
    assertThat(broken.isPermanent()).isTrue();
    assertThat(broken.getMessage()).startsWith("text is not valid JSON (line 1, column");
    assertThat(failure(piece, "parse", "{text: '  '}")).hasMessageContaining("empty");
    assertThat(failure(piece, "parse", "{text: '1 2'}")).matches(PieceException::isPermanent);
  }

  @Test
  void stringifyWritesCompactOrPrettyJson() {
    assertThat(run(piece, "stringify", "{value: {a: 1, b: ['x']}}").asText())
        .isEqualTo("{\"a\":1,\"b\":[\"x\"]}");
    assertThat(run(piece, "stringify", "{value: {a: 1}, pretty: true}").asText())
        .contains("\n")
        .contains("\"a\" : 1");
    assertThat(run(piece, "stringify", "{}").asText()).isEqualTo("null");
  }

  @Test
  void getReadsNestedPaths() {
    assertThat(run(piece, "get", "{value: {a: {b: [{c: 1}, {c: 2}]}}, path: 'a.b[1].c'}").asInt())
        .isEqualTo(2);
    assertThat(run(piece, "get", "{value: {a: {b: [{c: 1}]}}, path: 'a.b.0.c'}").asInt())
        .isEqualTo(1);
    assertThat(run(piece, "get", "{value: {'x.y': 3}, path: '[\"x.y\"]'}").asInt()).isEqualTo(3);
    assertThat(run(piece, "get", "{value: [5, 6], path: '[1]'}").asInt()).isEqualTo(6);
    assertThat(run(piece, "get", "{value: {a: 1}, path: '$.a'}").asInt()).isEqualTo(1);
  }

  @Test
  void getWithoutAPathReturnsTheWholeValue() {
    assertThat(run(piece, "get", "{value: {a: 1}}")).isEqualTo(json("{a: 1}"));
  }

  @Test
  void getReturnsTheDefaultWhenAnyPartIsMissing() {
    assertThat(run(piece, "get", "{value: {a: 1}, path: 'a.b.c'}").isNull()).isTrue();
    assertThat(run(piece, "get", "{value: {a: [1]}, path: 'a[5]', default: 'none'}").asText())
        .isEqualTo("none");
    assertThat(run(piece, "get", "{value: {a: 1}, path: 'a[0]', default: 0}").asInt()).isZero();
  }

  @Test
  void badPathsAreRefusedSayingWhere() {
    assertThat(failure(piece, "get", "{value: {}, path: 'a..b'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("position 2")
        .hasMessageContaining("two dots");
    assertThat(failure(piece, "get", "{value: {}, path: 'a[x]'}"))
        .hasMessageContaining("brackets hold an index");
    assertThat(failure(piece, "get", "{value: {}, path: 'a[0'}"))
        .hasMessageContaining("never closed");
    assertThat(failure(piece, "get", "{value: {}, path: 'a.'}")).hasMessageContaining("ends with");
  }

  @Test
  void setReturnsACopyWithTheNewValue() {
    assertThat(run(piece, "set", "{value: {a: {b: 1}, c: 2}, path: 'a.b', newValue: [9]}"))
        .isEqualTo(json("{a: {b: [9]}, c: 2}"));
  }

  @Test
  void setCreatesObjectsAndPadsArraysOnTheWay() {
    assertThat(run(piece, "set", "{value: {}, path: 'a.b[2].c', newValue: 1}"))
        .isEqualTo(json("{a: {b: [null, null, {c: 1}]}}"));
    assertThat(run(piece, "set", "{path: 'x', newValue: true}")).isEqualTo(json("{x: true}"));
    assertThat(run(piece, "set", "{value: [1, 2], path: '[0]', newValue: 7}"))
        .isEqualTo(json("[7, 2]"));
  }

  @Test
  void setRefusesToGoThroughAPlainValue() {
    assertThat(failure(piece, "set", "{value: {a: 5}, path: 'a.b', newValue: 1}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("\"a\" is number 5, not an object");
    assertThat(failure(piece, "set", "{value: {a: {}}, path: 'a[0]', newValue: 1}"))
        .hasMessageContaining("not an array");
  }

  @Test
  void mergeIsDeepAndLaterKeysWin() {
    assertThat(
            run(
                piece,
                "merge",
                "{objects: [{a: {x: 1, y: 1}, list: [1, 2], k: 'old'},"
                    + " {a: {y: 2, z: 3}, list: [3]}, {k: 'new'}]}"))
        .isEqualTo(json("{a: {x: 1, y: 2, z: 3}, list: [3], k: 'new'}"));
  }

  @Test
  void mergeTakesAAndB() {
    assertThat(run(piece, "merge", "{a: {p: {q: 1}}, b: {p: {r: 2}}}"))
        .isEqualTo(json("{p: {q: 1, r: 2}}"));
    assertThat(run(piece, "merge", "{a: {p: 1}}")).isEqualTo(json("{p: 1}"));
  }

  @Test
  void mergeDoesNotChangeItsInputs() {
    var context = TestContext.of(piece, "merge", "{objects: [{a: {x: 1}}, {a: {y: 2}}]}");
    context.run();

    assertThat(context.inputs().json("objects")).isEqualTo(json("[{a: {x: 1}}, {a: {y: 2}}]"));
  }

  @Test
  void mergeRefusesNonObjects() {
    assertThat(failure(piece, "merge", "{objects: [{a: 1}, [2]]}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("objects[1] must be an object");
    assertThat(failure(piece, "merge", "{objects: [], a: {}}")).hasMessageContaining("not both");
  }

  @Test
  void pickKeepsOnlyTheNamedKeys() {
    assertThat(run(piece, "pick", "{value: {a: 1, b: 2, c: 3}, keys: ['a', 'c', 'zz']}"))
        .isEqualTo(json("{a: 1, c: 3}"));
  }

  @Test
  void pickWorksOnEachObjectOfAList() {
    assertThat(run(piece, "pick", "{value: [{a: 1, b: 2}, {a: 3}], keys: ['a']}"))
        .isEqualTo(json("[{a: 1}, {a: 3}]"));
  }

  @Test
  void pickRefusesNonObjects() {
    assertThat(failure(piece, "pick", "{value: [1], keys: ['a']}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("value[0] must be an object");
  }
}
