package dev.millrace.flow;

/**
 * One thing wrong with a flow, e.g. {@code steps[2] "score" piece: unknown piece "htp"}.
 *
 * @param location where in the document: {@code steps[2]}, {@code steps[3].branches[0].steps[1]},
 *     or {@code trigger}
 * @param step the step's name, or null when the problem is not inside a step
 * @param field the field at fault, e.g. {@code input.url}; null for the whole step
 * @param message what is wrong, in words a flow author can act on
 */
public record Problem(String location, String step, String field, String message) {
  @Override
  public String toString() {
    var text = new StringBuilder(location);
    if (step != null) {
      text.append(" \"").append(step).append('"');
    }
    if (field != null) {
      text.append(' ').append(field);
    }
    return text.append(": ").append(message).toString();
  }
}
