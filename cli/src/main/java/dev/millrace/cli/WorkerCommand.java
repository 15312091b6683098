package dev.millrace.cli;

import dev.millrace.engine.EngineSettings;
import dev.millrace.engine.FlowEngine;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.worker.RunWorker;
import dev.millrace.worker.WorkerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code millrace worker}: takes runs from Redis and executes them, reporting to the app. On
 * SIGTERM it drains: readiness goes false, it stops fetching, and in-flight runs get {@code
 * MILLRACE_WORKER_DRAIN_SECONDS} to finish; runs still going after that are left to the stall
 * checker and resume on another worker.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Runs a stateless worker: Redis and the app's URL are all it needs (see docs/configuration.md).")
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    WorkerConfig config;
    EngineSettings settings;
    try {
      config = WorkerConfig.fromEnvironment(System.getenv());
      settings = EngineSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("millrace worker: " + e.getMessage());
      return Millrace.EXIT_INVALID;
    }
    var out = spec.commandLine().getOut();
    // RunWorker logs its own settings (token masked); the engine's are printed here.
    settings.describe().forEach(line -> out.println("  " + line));
    FlowEngine engine = FlowEngine.start(settings, PieceRegistry.discover());
    RunWorker worker = new RunWorker(config, engine).start();
    out.println(
        "worker ready: " + config.concurrency() + " slots, health on port " + worker.healthPort());
    out.flush();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.drain();
                  engine.close();
                  stopped.countDown();
                },
                "millrace-worker-drain"));
    stopped.await();
    return 0;
  }
}
