package dev.millrace.cli;

import dev.millrace.cli.dev.DevFlows;
import dev.millrace.cli.dev.EmbeddedServices;
import dev.millrace.engine.EngineSettings;
import dev.millrace.engine.FlowEngine;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.server.AppServer;
import dev.millrace.server.ServerConfig;
import dev.millrace.worker.RunWorker;
import dev.millrace.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code millrace dev}: the whole system in one process — an embedded Redis and PostgreSQL (data
 * under {@code ./.millrace}), the app, and {@code MILLRACE_DEV_WORKERS} workers built from the same
 * classes as {@code millrace worker}. Loads {@code ./flows/*.json} and prints what you need to
 * start.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Runs the app and workers in one process on an embedded Redis and PostgreSQL.")
final class DevCommand implements Callable<Integer> {
  @Option(
      names = "--home",
      defaultValue = ".millrace",
      description = "Where dev data lives (default ./.millrace).")
  Path home;

  @Option(
      names = "--flows",
      defaultValue = "flows",
      description = "Flow files to load at start (default ./flows).")
  Path flows;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    Map<String, String> env = new HashMap<>(System.getenv());
    int workers;
    try {
      workers = Integer.parseInt(env.getOrDefault("MILLRACE_DEV_WORKERS", "1"));
      if (workers < 0 || workers > 64) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      err.println("millrace dev: MILLRACE_DEV_WORKERS must be a whole number from 0 to 64");
      return Millrace.EXIT_INVALID;
    }
    Files.createDirectories(home);
    EmbeddedServices services = null;
    if (!env.containsKey("MILLRACE_REDIS_URL") || !env.containsKey("MILLRACE_DATABASE_URL")) {
      out.println(
          "starting the embedded Redis and PostgreSQL (data under " + home.toAbsolutePath() + ")…");
      out.flush();
      services = EmbeddedServices.start(home, 0, 0);
      env.putIfAbsent("MILLRACE_REDIS_URL", services.redisUrl());
      env.putIfAbsent("MILLRACE_DATABASE_URL", services.jdbcUrl());
    }
    String apiKey = secret(env, "MILLRACE_API_KEY", home.resolve("api-key"), "mr_");
    String workerToken = secret(env, "MILLRACE_WORKER_TOKEN", home.resolve("worker-token"), "");
    env.putIfAbsent("MILLRACE_PORT", "8080");

    ServerConfig serverConfig;
    EngineSettings settings;
    try {
      serverConfig = ServerConfig.fromEnvironment(env);
      settings = EngineSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      err.println("millrace dev: " + e.getMessage());
      if (services != null) {
        services.close();
      }
      return Millrace.EXIT_INVALID;
    }
    AppServer server = new AppServer(serverConfig).start();
    env.put("MILLRACE_APP_URL", "http://127.0.0.1:" + server.port());
    env.put("MILLRACE_WORKER_PORT", "0");
    FlowEngine engine = FlowEngine.start(settings, PieceRegistry.discover());
    List<RunWorker> running = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      running.add(new RunWorker(WorkerConfig.fromEnvironment(env), engine).start());
    }
    List<String> loaded = DevFlows.load(flows, server.baseUrl(), apiKey, err);

    out.println();
    out.println(
        "Millrace is running (dev mode): app "
            + server.baseUrl()
            + ", "
            + workers
            + " worker(s) × "
            + (running.isEmpty() ? 0 : running.getFirst().config().concurrency())
            + " slots");
    out.println("  API key:      " + apiKey + "   (also in " + home.resolve("api-key") + ")");
    out.println("  API document: " + server.baseUrl() + "/openapi.json");
    loaded.forEach(line -> out.println("  " + line));
    out.println();
    out.println("Try it:");
    out.println(
        "  curl -s -X POST "
            + server.baseUrl()
            + "/v1/flows -H 'Authorization: Bearer "
            + apiKey
            + "' \\");
    out.println(
        "    -H 'Content-Type: application/json' -d \"{\\\"definition\\\": $(cat examples/hello.json)}\"");
    out.println(
        "  # then POST to the webhookUrl it returns, and GET "
            + server.baseUrl()
            + "/v1/runs/RUN_ID");
    out.flush();

    EmbeddedServices embedded = services;
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Each worker drains for MILLRACE_WORKER_DRAIN_SECONDS, as `millrace worker`
                  // does.
                  running.forEach(RunWorker::drain);
                  engine.close();
                  server.stop();
                  if (embedded != null) {
                    embedded.close();
                  }
                  stopped.countDown();
                },
                "millrace-dev-shutdown"));
    stopped.await();
    return 0;
  }

  /** A secret from the environment, else from its file, else a new one written to the file. */
  private static String secret(Map<String, String> env, String name, Path file, String prefix)
      throws IOException {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      if (Files.exists(file)) {
        value = Files.readString(file).strip();
      } else {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        value = prefix + HexFormat.of().formatHex(bytes);
        Files.writeString(file, value + "\n");
      }
      env.put(name, value);
    }
    return value;
  }
}
