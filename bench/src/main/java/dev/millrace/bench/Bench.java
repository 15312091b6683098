package dev.millrace.bench;

/** Entry point of {@code ./scripts/bench NAME}: runs one benchmark and prints its figures. */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    String name = args.length == 0 ? "" : args[0];
    switch (name) {
      case "engine" -> EngineBench.run();
      case "e2e" -> E2eBench.run(args.length > 1 ? Integer.parseInt(args[1]) : 5000);
      case "steps" -> StepsBench.run();
      default -> {
        System.err.println(
            "unknown benchmark \"" + name + "\"; available: engine, e2e, steps, queue");
        System.exit(2);
      }
    }
  }
}
