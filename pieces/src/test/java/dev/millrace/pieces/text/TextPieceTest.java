package dev.millrace.pieces.text;

import static dev.millrace.pieces.TestContext.failure;
import static dev.millrace.pieces.TestContext.json;
import static dev.millrace.pieces.TestContext.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.piece.PieceException;
import org.junit.jupiter.api.Test;

class TextPieceTest {
  private final TextPiece piece = new TextPiece();

  private String text(String action, String inputs) {
    var out = run(piece, action, inputs);
    assertThat(out.isTextual()).as("%s returns text", action).isTrue();
    return out.asText();
  }

  @Test
  void concatJoinsPartsOfAnyTypeWithASeparator() {
    assertThat(text("concat", "{parts: ['a', 1, true, null, {k: 'v'}, [2]]}"))
        .isEqualTo("a1true{\"k\":\"v\"}[2]");
    assertThat(text("concat", "{parts: ['a', 'b', 'c'], separator: ', '}")).isEqualTo("a, b, c");
    assertThat(text("concat", "{parts: []}")).isEmpty();
  }

  @Test
  void splitOnALiteralSeparatorKeepsEmptyItems() {
    assertThat(run(piece, "split", "{text: 'a,b,,c,'}")).isEqualTo(json("['a', 'b', '', 'c', '']"));
    assertThat(run(piece, "split", "{text: 'a.b', separator: '.'}")).isEqualTo(json("['a', 'b']"));
    assertThat(run(piece, "split", "{text: 'a | b', separator: '|', trim: true}"))
        .isEqualTo(json("['a', 'b']"));
  }

  @Test
  void splitEdgeCases() {
    assertThat(run(piece, "split", "{text: ''}")).isEqualTo(json("[]"));
    assertThat(run(piece, "split", "{text: 'ab😀', separator: ''}"))
        .isEqualTo(json("['a', 'b', '😀']"));
    assertThat(run(piece, "split", "{text: 'a1b22c', separator: '\\\\d+', regex: true}"))
        .isEqualTo(json("['a', 'b', 'c']"));
  }

  @Test
  void replaceIsLiteralByDefaultAndReplacesEveryMatch() {
    assertThat(text("replace", "{text: 'a.b.c', pattern: '.', replacement: '$'}"))
        .isEqualTo("a$b$c");
    assertThat(text("replace", "{text: 'a.b.c', pattern: '.', replacement: '-', all: false}"))
        .isEqualTo("a-b.c");
    assertThat(text("replace", "{text: 'aaa', pattern: 'a'}")).isEmpty();
  }

  @Test
  void replaceWithRegexUsesGroups() {
    assertThat(
            text(
                "replace",
                "{text: '2024-03-01', pattern: '(\\\\d+)-(\\\\d+)-(\\\\d+)',"
                    + " replacement: '$3/$2/$1', regex: true}"))
        .isEqualTo("01/03/2024");
  }

  @Test
  void replaceRefusesBadPatterns() {
    assertThat(failure(piece, "replace", "{text: 'x', pattern: '(', regex: true}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("not a valid regular expression");
    assertThat(failure(piece, "replace", "{text: 'x', pattern: ''}"))
        .hasMessageContaining("must not be empty");
    assertThat(
            failure(piece, "replace", "{text: 'x', pattern: 'x', replacement: '$2', regex: true}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("replacement");
  }

  @Test
  void caseChangesIgnoreTheMachinesLocale() {
    assertThat(text("upper", "{text: 'istanbul straße'}")).isEqualTo("ISTANBUL STRASSE");
    assertThat(text("lower", "{text: 'ÀB I'}")).isEqualTo("àb i");
  }

  @Test
  void trimRemovesUnicodeWhiteSpace() {
    assertThat(text("trim", "{text: ' \\t x y \\n\\u2003'}")).isEqualTo("x y");
  }

  @Test
  void substringCountsCharactersAndClampsPositions() {
    assertThat(text("substring", "{text: 'hello', start: 1, end: 3}")).isEqualTo("el");
    assertThat(text("substring", "{text: 'hello', start: 2}")).isEqualTo("llo");
    assertThat(text("substring", "{text: 'hello', start: -3}")).isEqualTo("llo");
    assertThat(text("substring", "{text: 'hello', start: 0, end: -1}")).isEqualTo("hell");
    assertThat(text("substring", "{text: 'hello', start: 3, end: 100}")).isEqualTo("lo");
    assertThat(text("substring", "{text: 'hello', start: 4, end: 2}")).isEmpty();
    assertThat(text("substring", "{text: '😀ab', start: 0, end: 1}")).isEqualTo("😀");
  }

  @Test
  void lengthCountsCharactersNotCodeUnits() {
    assertThat(run(piece, "length", "{text: 'héllo'}").asInt()).isEqualTo(5);
    assertThat(run(piece, "length", "{text: '😀'}").asInt()).isEqualTo(1);
    assertThat(run(piece, "length", "{text: ''}").asInt()).isZero();
  }

  @Test
  void slugifyDropsAccentsAndPunctuation() {
    assertThat(text("slugify", "{text: '  Crème Brûlée: the BEST!! (2024) '}"))
        .isEqualTo("creme-brulee-the-best-2024");
    assertThat(text("slugify", "{text: 'Straße & Co', separator: '_'}")).isEqualTo("strasse_co");
    assertThat(text("slugify", "{text: '!!!'}")).isEmpty();
  }

  @Test
  void base64RoundTripsUtf8() {
    assertThat(text("base64Encode", "{text: 'héllo?'}")).isEqualTo("aMOpbGxvPw==");
    assertThat(text("base64Encode", "{text: 'héllo?', urlSafe: true}")).isEqualTo("aMOpbGxvPw");
    assertThat(text("base64Decode", "{text: 'aMOpbGxvPw=='}")).isEqualTo("héllo?");
    assertThat(text("base64Decode", "{text: 'aMOpbGxvPw'}")).isEqualTo("héllo?");
    assertThat(text("base64Decode", "{text: 'aMOp\\nbGxvPw=='}")).isEqualTo("héllo?");
  }

  @Test
  void base64DecodeRefusesNonBase64AndBinary() {
    assertThat(failure(piece, "base64Decode", "{text: 'not base64!'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("not Base64");
    assertThat(failure(piece, "base64Decode", "{text: '/w=='}"))
        .hasMessageContaining("binary data");
  }

  @Test
  void urlEncodingRoundTrips() {
    assertThat(text("urlEncode", "{text: 'a b&c=d/é~'}")).isEqualTo("a%20b%26c%3Dd%2F%C3%A9~");
    assertThat(text("urlDecode", "{text: 'a%20b%26c%3Dd%2F%C3%A9~'}")).isEqualTo("a b&c=d/é~");
    assertThat(text("urlDecode", "{text: 'a+b'}")).isEqualTo("a b");
  }

  @Test
  void urlDecodeRefusesBrokenEscapes() {
    assertThat(failure(piece, "urlDecode", "{text: '100%'}"))
        .matches(PieceException::isPermanent)
        .hasMessageContaining("not URL-encoded");
    assertThat(failure(piece, "urlDecode", "{text: '%zz'}")).matches(PieceException::isPermanent);
  }

  @Test
  void numbersAreAcceptedAsText() {
    assertThat(text("upper", "{text: 42}")).isEqualTo("42");
  }
}
