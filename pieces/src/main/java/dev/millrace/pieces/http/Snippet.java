package dev.millrace.pieces.http;

/** The start of a text, for error messages. */
final class Snippet {
  private Snippet() {}

  /** The first {@code max} characters of {@code text}, with "…" when it was cut. */
  static String of(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }
}
