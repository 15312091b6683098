package dev.millrace.cli;

import dev.millrace.server.AppServer;
import dev.millrace.server.ServerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code millrace server}: the app (REST API, webhooks, schedules, worker API, sweeper). */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description =
        "Runs the app: REST API, webhooks, schedules and the worker API (see docs/configuration.md).")
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config;
    try {
      config = ServerConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("millrace server: " + e.getMessage());
      return Millrace.EXIT_INVALID;
    }
    var out = spec.commandLine().getOut();
    // AppServer logs its effective settings (secrets masked) as it starts.
    AppServer server = new AppServer(config).start();
    server
        .createdApiKey()
        .ifPresent(key -> out.println("API key of the new default project: " + key));
    out.println("listening on " + server.baseUrl());
    out.flush();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                },
                "millrace-server-shutdown"));
    stopped.await();
    return 0;
  }
}
