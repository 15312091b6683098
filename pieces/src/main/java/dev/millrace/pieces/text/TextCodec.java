package dev.millrace.pieces.text;

import dev.millrace.piece.PieceException;
import dev.millrace.pieces.PercentEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Base64 and URL encoding of UTF-8 text. */
final class TextCodec {
  private TextCodec() {}

  static String base64Encode(String text, boolean urlSafe) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return urlSafe
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
        : Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Decodes standard or URL-safe Base64, with or without padding, ignoring whitespace.
   *
   * @throws PieceException (permanent) when it is not Base64 or does not decode to UTF-8 text
   */
  static String base64Decode(String text) {
    String normal = text.replaceAll("\\s+", "").replace('-', '+').replace('_', '/');
    while (normal.length() % 4 != 0) {
      normal += "=";
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(normal);
    } catch (IllegalArgumentException e) {
      throw PieceException.permanent("text is not Base64: " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw PieceException.permanent(
          "text is Base64 but decodes to binary data, not UTF-8 text (" + bytes.length + " bytes)");
    }
  }

  /** Percent-encodes for use in a URL component; a space becomes %20. */
  static String urlEncode(String text) {
    return PercentEncoding.encode(text);
  }

  /**
   * Decodes %XX sequences and + as space.
   *
   * @throws PieceException (permanent) on a malformed % sequence
   */
  static String urlDecode(String text) {
    try {
      return PercentEncoding.decode(text);
    } catch (IllegalArgumentException e) {
      throw PieceException.permanent("text is not URL-encoded: " + e.getMessage());
    }
  }
}
