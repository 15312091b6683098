package dev.millrace.engine.code;

import java.time.Duration;

/**
 * Run in a child JVM with a small heap by {@link CodeContainmentTest}: a step that exhausts the
 * heap must fail on its own, and the next step must still run. Prints one line per step.
 */
public final class OutOfMemoryProbe {
  private OutOfMemoryProbe() {}

  public static void main(String[] args) {
    var limits =
        new CodeLimits(
            Duration.ofSeconds(20), Duration.ofSeconds(30), 1_000_000_000L, 200, 1024, 1024, 1);
    try (var sandbox = new CodeSandbox(limits)) {
      for (String source :
          new String[] {
            "export default () => 'Ω'.repeat(1 << 29).length", // 1 GB of UTF-16
            "export default () => { const a = []; for (;;) a.push({ i: a.length }) }",
            "export default () => 'still working'"
          }) {
        try {
          var result = sandbox.run(new CodeCall(source, null, "r", "s", null, new RecordedLog()));
          System.out.println("OK " + result);
        } catch (CodeException e) {
          System.out.println("FAILED " + e.getMessage());
        }
      }
    }
  }
}
