package dev.millrace.flow;

/**
 * Stable addresses of step executions within a run: a top-level step's path is its name; a step
 * inside a loop has the loop's path and iteration in front, e.g. {@code each_order[3].charge}.
 * Paths are the keys of the journal, so they must not change between attempts of a run.
 */
public final class StepPath {
  /** The path of the top level: steps there are addressed by their bare names. */
  public static final String ROOT = "";

  private StepPath() {}

  /** The path of step {@code name} executed inside {@code scope}. */
  public static String of(String scope, String name) {
    return scope.isEmpty() ? name : scope + "." + name;
  }

  /** The scope of iteration {@code index} of the loop at {@code loopPath}. */
  public static String iteration(String loopPath, int index) {
    return loopPath + "[" + index + "]";
  }
}
