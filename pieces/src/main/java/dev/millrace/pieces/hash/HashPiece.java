package dev.millrace.pieces.hash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.Prop;
import dev.millrace.pieces.JsonValues;
import dev.millrace.pieces.SimpleAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digests and HMACs of UTF-8 text, written as lower-case hex or Base64. MD5 and SHA-1 are here for
 * APIs that still ask for them; neither is safe against a deliberate collision.
 */
public final class HashPiece implements Piece {
  private static final Prop TEXT = Prop.string("text", "The text to hash").asRequired();
  private static final Prop ENCODING =
      Prop.string("encoding", "How to write the result")
          .withDefault(JsonValues.text("hex"))
          .oneOf("hex", "base64");

  private static final List<Action> ACTIONS =
      List.of(
          digest("md5", "MD5"),
          digest("sha1", "SHA-1"),
          digest("sha256", "SHA-256"),
          digest("sha512", "SHA-512"),
          SimpleAction.pure(
              "hmac",
              "A keyed hash, as used to sign and check webhooks",
              List.of(
                  Prop.string("algorithm", "The hash inside the HMAC")
                      .withDefault(JsonValues.text("sha256"))
                      .oneOf("md5", "sha1", "sha256", "sha512"),
                  Prop.string("key", "The secret key").asRequired(),
                  Prop.string("keyEncoding", "How the key is written")
                      .withDefault(JsonValues.text("utf8"))
                      .oneOf("utf8", "hex", "base64"),
                  Prop.string("message", "The text to sign").asRequired(),
                  ENCODING),
              HashPiece::hmac));

  @Override
  public String name() {
    return "hash";
  }

  @Override
  public String description() {
    return "MD5, SHA-1, SHA-256, SHA-512 and HMAC of text";
  }

  @Override
  public List<Action> actions() {
    return ACTIONS;
  }

  private static Action digest(String name, String algorithm) {
    return SimpleAction.pure(
        name,
        algorithm + " of the text's UTF-8 bytes",
        List.of(TEXT, ENCODING),
        c -> {
          byte[] hash =
              MessageDigest.getInstance(algorithm)
                  .digest(c.inputs().string("text").getBytes(StandardCharsets.UTF_8));
          return write(hash, c.inputs().string("encoding", "hex"));
        });
  }

  private static JsonNode hmac(ActionContext context) throws GeneralSecurityException {
    Inputs in = context.inputs();
    String algorithm = "Hmac" + in.string("algorithm", "sha256").toUpperCase(Locale.ROOT);
    byte[] key = key(in.string("key"), in.string("keyEncoding", "utf8"));
    if (key.length == 0) {
      throw PieceException.permanent("key must not be empty");
    }
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key, algorithm));
    byte[] signature = mac.doFinal(in.string("message").getBytes(StandardCharsets.UTF_8));
    return write(signature, in.string("encoding", "hex"));
  }

  private static byte[] key(String key, String encoding) {
    try {
      return switch (encoding) {
        case "hex" -> HexFormat.of().parseHex(key.strip());
        case "base64" -> Base64.getDecoder().decode(key.strip());
        default -> key.getBytes(StandardCharsets.UTF_8);
      };
    } catch (IllegalArgumentException e) {
      // the parser's message may quote part of the key, so it is left out
      throw PieceException.permanent("key is not valid " + encoding);
    }
  }

  private static JsonNode write(byte[] bytes, String encoding) {
    return JsonValues.text(
        encoding.equals("base64")
            ? Base64.getEncoder().encodeToString(bytes)
            : HexFormat.of().formatHex(bytes));
  }
}
