package dev.millrace.pieces.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns text into a URL slug: accents dropped ({@code é} → {@code e}), lower case, every run of
 * characters other than ASCII letters and digits replaced by one separator, none at either end.
 */
final class Slug {
  private Slug() {}

  static String of(String text, String separator) {
    String plain =
        Normalizer.normalize(text, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .replace("ß", "ss")
            .toLowerCase(Locale.ROOT);
    var out = new StringBuilder(plain.length());
    boolean pending = false;
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (pending && !out.isEmpty()) {
          out.append(separator);
        }
        pending = false;
        out.append(c);
      } else {
        pending = true;
      }
    }
    return out.toString();
  }
}
