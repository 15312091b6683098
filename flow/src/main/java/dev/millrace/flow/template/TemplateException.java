package dev.millrace.flow.template;

/** A template could not be rendered; the message names the template and what was missing. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message, null, false, false);
  }
}
