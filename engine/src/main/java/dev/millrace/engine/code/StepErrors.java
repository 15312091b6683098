package dev.millrace.engine.code;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/** Turns what went wrong inside the guest into a message a flow author can act on. */
final class StepErrors {
  private static final int MAX_MESSAGE = 2_000;
  private static final Pattern SYNTAX =
      Pattern.compile("^SyntaxError: " + Pattern.quote(SourceCache.STEP_NAME) + ":\\d+:\\d+ (.*)");

  private final CodeLimits limits;

  StepErrors(CodeLimits limits) {
    this.limits = limits;
  }

  /** The step's module failed to parse: permanent, since the code will not change by retrying. */
  CodeException syntax(PolyglotException e) {
    String first = firstLine(e.getMessage());
    Matcher m = SYNTAX.matcher(first);
    String what = m.matches() ? m.group(1) : first.replaceFirst("^SyntaxError: ", "");
    return new CodeException(
        "code step has a syntax error: " + clip(what) + line(e.getSourceLocation()), true);
  }

  /**
   * Anything else the guest raised while the module loaded or the step ran.
   *
   * @param expired whether the wall-clock watchdog has fired for this step
   */
  CodeException failure(PolyglotException e, boolean expired) {
    if (e.isResourceExhausted()) {
      return limit(e.getMessage());
    }
    if (expired || e.isCancelled() || e.isInterrupted()) {
      return wallClock();
    }
    String message = e.getMessage() == null ? "(no message)" : e.getMessage();
    if (e.isGuestException() && message.startsWith("RangeError: Maximum call stack size")) {
      return stack();
    }
    if (e.isHostException() || e.isInternalError()) {
      return new CodeException("code step failed inside the sandbox: " + clip(message), false);
    }
    boolean denied = e.isGuestException() && isEgressDenied(e.getGuestObject());
    return new CodeException("code step threw: " + clip(message) + line(stepLocation(e)), denied);
  }

  CodeException wallClock() {
    return new CodeException(
        "code step exceeded its wall-clock limit of " + seconds(limits.wallClock().toMillis()),
        false);
  }

  static CodeException outOfMemory() {
    return new CodeException(
        "code step ran out of memory (the JVM heap is shared: keep the data a step holds small)",
        true);
  }

  private CodeException limit(String message) {
    String m = message == null ? "" : message;
    if (m.startsWith("Maximum CPU time limit")) {
      return new CodeException(
          "code step exceeded its CPU time limit of " + seconds(limits.cpuTime().toMillis()), true);
    }
    if (m.startsWith("Maximum statement limit")) {
      return new CodeException(
          "code step exceeded its statement limit of " + limits.statements(), true);
    }
    if (m.startsWith("Maximum frame limit") || m.contains("StackOverflow")) {
      return stack();
    }
    if (m.startsWith("Maximum output stream size")) {
      return new CodeException(
          "code step wrote more than "
              + CodeSandbox.outputStreamCap(limits)
              + " bytes of log output",
          true);
    }
    if (m.contains("heap space") || m.contains("OutOfMemory") || m.contains("memory")) {
      return outOfMemory();
    }
    return new CodeException("code step exceeded a resource limit: " + clip(m), true);
  }

  CodeException stack() {
    return new CodeException(
        "code step exceeded its stack depth limit of "
            + limits.stackFrames()
            + " frames (deep recursion?)",
        true);
  }

  private static boolean isEgressDenied(Value error) {
    try {
      return error != null
          && error.hasMembers()
          && error.hasMember("name")
          && "EgressDeniedError".equals(error.getMember("name").toString());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Where in the step's own code the error arose: its innermost frame in the step module. */
  private static SourceSection stepLocation(PolyglotException e) {
    for (var frame : e.getPolyglotStackTrace()) {
      SourceSection at = frame.getSourceLocation();
      if (frame.isGuestFrame()
          && at != null
          && SourceCache.STEP_NAME.equals(at.getSource().getName())) {
        return at;
      }
    }
    return null;
  }

  private static String line(SourceSection at) {
    return at == null || !at.hasLines() ? "" : " (line " + at.getStartLine() + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static String clip(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }

  static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
