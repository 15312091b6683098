package dev.millrace.server.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures, compared in constant time. */
public final class Signer {
  private final byte[] secret;

  public Signer(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  public String sign(byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String sign(String message) {
    return sign(message.getBytes(StandardCharsets.UTF_8));
  }

  public boolean verify(byte[] message, String signatureHex) {
    if (signatureHex == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(message).getBytes(StandardCharsets.UTF_8),
        signatureHex.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }
}
