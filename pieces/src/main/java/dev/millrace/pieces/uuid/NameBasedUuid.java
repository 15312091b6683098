package dev.millrace.pieces.uuid;

import dev.millrace.piece.PieceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Version 5 (name-based, SHA-1) UUIDs as RFC 9562 defines them: the same namespace and name always
 * give the same UUID.
 */
final class NameBasedUuid {
  /** The namespaces RFC 9562 predefines, by the names flows use. */
  static final Map<String, UUID> NAMESPACES =
      Map.of(
          "dns", UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
          "url", UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
          "oid", UUID.fromString("6ba7b812-9dad-11d1-80b4-00c04fd430c8"),
          "x500", UUID.fromString("6ba7b814-9dad-11d1-80b4-00c04fd430c8"));

  private NameBasedUuid() {}

  /**
   * The namespace a flow gave: dns, url, oid, x500, or a UUID.
   *
   * @throws PieceException (permanent) for anything else
   */
  static UUID namespace(String given) {
    UUID known = NAMESPACES.get(given.strip().toLowerCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    try {
      return UUID.fromString(given.strip());
    } catch (IllegalArgumentException e) {
      throw PieceException.permanent(
          "namespace \"" + given + "\" must be dns, url, oid, x500 or a UUID");
    }
  }

  static UUID v5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
    sha1.update(
        ByteBuffer.allocate(16)
            .putLong(namespace.getMostSignificantBits())
            .putLong(namespace.getLeastSignificantBits())
            .array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC variant
    ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bits.getLong(), bits.getLong());
  }
}
