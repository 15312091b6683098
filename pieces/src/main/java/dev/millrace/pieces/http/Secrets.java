package dev.millrace.pieces.http;

import dev.millrace.pieces.PercentEncoding;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The credentials of one request, so that text about it (an error body that echoes an API key, an
 * I/O message that quotes the URL) can be shown with them masked. Not thread-safe; one per call.
 */
final class Secrets {
  static final String MASK = "***";

  /** Shorter values are not masked: they would mangle ordinary text and leak little. */
  private static final int MIN_LENGTH = 4;

  private final Set<String> values = new LinkedHashSet<>();

  void add(String secret) {
    if (secret != null && secret.length() >= MIN_LENGTH) {
      values.add(secret);
      values.add(PercentEncoding.encode(secret));
    }
  }

  /** {@code text} with every secret, plain or percent-encoded, replaced by {@value #MASK}. */
  String mask(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : values) {
      out = out.replace(secret, MASK);
    }
    return out;
  }
}
