package dev.millrace.pieces.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.PieceException;
import dev.millrace.pieces.JsonValues;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a response body as {@code responseType} says: {@code json} parses it (failing when it is
 * not JSON), {@code text} keeps it as text, {@code auto} parses it when the content type names JSON
 * and falls back to text when it does not parse. An empty body is null, except as text ({@code
 * ""}).
 */
final class ResponseBody {
  private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

  private ResponseBody() {}

  static JsonNode decode(byte[] bytes, String contentType, String responseType, String shownUrl) {
    String text = new String(bytes == null ? new byte[0] : bytes, charset(contentType));
    String mode = responseType == null ? "auto" : responseType;
    if (mode.equals("text")) {
      return JsonValues.text(text);
    }
    if (text.isBlank()) {
      return JsonValues.NODES.nullNode();
    }
    boolean saysJson = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    if (mode.equals("auto") && !saysJson) {
      return JsonValues.text(text);
    }
    try {
      return JsonValues.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      if (mode.equals("auto")) {
        return JsonValues.text(text);
      }
      throw new PieceException(
          "response from "
              + shownUrl
              + " is not JSON (responseType is json): "
              + e.getOriginalMessage()
              + "; body starts with: "
              + Snippet.of(text, 200));
    }
  }

  /** Text is read with the charset the content type names, else UTF-8. */
  static Charset charset(String contentType) {
    if (contentType != null) {
      Matcher m = CHARSET.matcher(contentType);
      if (m.find()) {
        try {
          return Charset.forName(m.group(1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
