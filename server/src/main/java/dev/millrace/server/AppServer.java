package dev.millrace.server;

import dev.millrace.flow.FlowReader;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.queue.Queue;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.api.ApiError;
import dev.millrace.server.internal.api.ConnectionRoutes;
import dev.millrace.server.internal.api.FlowRoutes;
import dev.millrace.server.internal.api.HealthRoutes;
import dev.millrace.server.internal.api.RunRoutes;
import dev.millrace.server.internal.api.WorkerRoutes;
import dev.millrace.server.internal.auth.Auth;
import dev.millrace.server.internal.auth.SecretBox;
import dev.millrace.server.internal.auth.Signer;
import dev.millrace.server.internal.db.ConnectionStore;
import dev.millrace.server.internal.db.Database;
import dev.millrace.server.internal.db.FlowStore;
import dev.millrace.server.internal.db.KvStore;
import dev.millrace.server.internal.db.LeaseException;
import dev.millrace.server.internal.db.LeaseStore;
import dev.millrace.server.internal.db.ProjectStore;
import dev.millrace.server.internal.db.RunStore;
import dev.millrace.server.internal.sweeper.Sweeper;
import dev.millrace.server.internal.triggers.RunLauncher;
import dev.millrace.server.internal.triggers.Schedules;
import dev.millrace.server.internal.triggers.Subflows;
import dev.millrace.server.internal.triggers.WebhookRoutes;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Millrace app: REST API, worker API, webhooks, schedules and the sweeper, over PostgreSQL and
 * Redis. {@code new AppServer(config).start()} migrates the database, binds the port and starts the
 * background parts; {@link #stop()} undoes it. Start and stop are idempotent; several instances may
 * share one database and one Redis.
 */
public final class AppServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppServer.class);

  private final ServerConfig config;
  private Database db;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> redisConnection;
  private Queue runsQueue;
  private Schedules schedules;
  private Sweeper sweeper;
  private Javalin http;
  private String workerToken;
  private String createdApiKey;

  public AppServer(ServerConfig config) {
    this.config = config;
  }

  /** Starts everything; returns this. Throws (and leaves nothing running) when a part fails. */
  public synchronized AppServer start() {
    if (http != null) {
      return this;
    }
    LOG.info("starting with {}", config);
    try {
      db = Database.open(config.databaseUrl(), config.databaseSchema(), config.databasePoolSize());
      redisClient = RedisClient.create(config.redisUrl());
      redisConnection = redisClient.connect();
      runsQueue = new Queue(redisClient, config.runsQueue(), config.queuePrefix());
      ProjectStore projects = new ProjectStore(db);
      bootstrapApiKey(projects);
      workerToken = config.workerToken().orElseGet(AppServer::randomSecret);
      Signer signer = new Signer(config.serverSecret().orElseGet(AppServer::randomSecret));
      FlowStore flows = new FlowStore(db);
      RunStore runs = new RunStore(db);
      RunLauncher launcher = new RunLauncher(runs, runsQueue);
      schedules = new Schedules(flows, launcher, redisClient, config.queuePrefix());
      Subflows subflows = new Subflows(flows, runs, launcher);
      sweeper =
          new Sweeper(
              runs,
              launcher,
              subflows,
              config.sweepInterval(),
              config.sweepGrace(),
              config.pausedFlowTimeout());
      Auth auth = new Auth(projects, workerToken);
      FlowRoutes.BaseUrl baseUrl = new FlowRoutes.BaseUrl(config::baseUrl, this::port);
      ConnectionRoutes connections =
          new ConnectionRoutes(
              auth, new ConnectionStore(db), config.encryptionKey().map(SecretBox::new));
      FlowRoutes flowRoutes =
          new FlowRoutes(
              auth, flows, new FlowReader(PieceRegistry.discover()), schedules, launcher, baseUrl);
      RunRoutes runRoutes = new RunRoutes(auth, runs, launcher, signer, baseUrl, subflows);
      WorkerRoutes workerRoutes =
          new WorkerRoutes(
              auth,
              new LeaseStore(db, config.flowTimeout()),
              new KvStore(db),
              launcher,
              connections,
              subflows);
      WebhookRoutes webhooks = new WebhookRoutes(flows, runs, launcher, config.webhookTimeout());
      HealthRoutes health = new HealthRoutes(db, redisConnection);
      http =
          Javalin.create(
              cfg -> {
                cfg.concurrency.useVirtualThreads = true;
                cfg.jsonMapper(new Json());
                cfg.http.maxRequestSize = config.maxPayloadBytes();
                cfg.startup.showJavalinBanner = false;
                ErrorMapping.register(cfg.routes, config.maxPayloadBytes());
                flowRoutes.register(cfg.routes);
                runRoutes.register(cfg.routes);
                workerRoutes.register(cfg.routes);
                connections.register(cfg.routes);
                webhooks.register(cfg.routes);
                health.register(cfg.routes);
              });
      http.start(config.port());
      schedules.start();
      sweeper.start();
      LOG.info("listening on {}", config.baseUrl(port()));
      return this;
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private void bootstrapApiKey(ProjectStore projects) {
    if (config.apiKey().isPresent()) {
      if (projects.projectOf(config.apiKey().get()).isEmpty()) {
        projects.addKey(projects.createProject("default"), config.apiKey().get());
      }
    } else if (!projects.anyProject()) {
      createdApiKey = "mr_" + randomSecret();
      projects.addKey(projects.createProject("default"), createdApiKey);
    }
  }

  /** The port the API listens on (the bound one when the config asked for 0). */
  public int port() {
    return http == null ? config.port() : http.port();
  }

  /** Where callers reach this app. */
  public String baseUrl() {
    return config.baseUrl(port());
  }

  /**
   * The API key this start created for a new, empty database (so dev mode can print it); empty when
   * the key came from {@code MILLRACE_API_KEY} or the database already had projects.
   */
  public Optional<String> createdApiKey() {
    return Optional.ofNullable(createdApiKey);
  }

  /** The token workers must present: {@code MILLRACE_WORKER_TOKEN}, or the one generated. */
  public String workerToken() {
    return workerToken;
  }

  /** Runs one sweeper pass now; returns how many runs it changed or re-enqueued. */
  public int sweepNow() {
    return sweeper.sweep();
  }

  /** Stops the HTTP server and background parts and closes connections. Idempotent. */
  public synchronized void stop() {
    if (sweeper != null) {
      sweeper.close();
      sweeper = null;
    }
    if (http != null) {
      http.stop();
      http = null;
    }
    if (schedules != null) {
      schedules.close();
      schedules = null;
    }
    if (runsQueue != null) {
      runsQueue.close();
      runsQueue = null;
    }
    if (redisConnection != null) {
      redisConnection.close();
      redisConnection = null;
    }
    if (redisClient != null) {
      redisClient.shutdown();
      redisClient = null;
    }
    if (db != null) {
      db.close();
      db = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static String randomSecret() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Maps every failure to a JSON error answer. */
  private static final class ErrorMapping {
    static void register(io.javalin.config.RoutesConfig r, int maxPayloadBytes) {
      r.before(
          ctx -> {
            if (ctx.contentLength() > maxPayloadBytes) {
              throw new ApiError(
                  413, "the request body is larger than " + maxPayloadBytes + " bytes");
            }
          });
      r.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
      r.exception(
          LeaseException.class,
          (e, ctx) ->
              ctx.status(
                      switch (e.kind()) {
                        case SUPERSEDED -> 409;
                        case NO_SUCH_RUN -> 404;
                        case UNKNOWN_RUN_TOKEN -> 401;
                      })
                  .json(Json.object().put("error", e.getMessage())));
      r.exception(
          IllegalArgumentException.class,
          (e, ctx) -> ctx.status(400).json(Json.object().put("error", e.getMessage())));
      r.exception(
          HttpResponseException.class,
          (e, ctx) ->
              ctx.status(e.getStatus())
                  .json(
                      Json.object()
                          .put(
                              "error",
                              e.getStatus() == 413
                                  ? "the request body is larger than " + maxPayloadBytes + " bytes"
                                  : e.getMessage())));
      r.exception(
          Exception.class,
          (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Json.object().put("error", "internal error"));
          });
      r.error(
          404,
          "*",
          ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
              ctx.json(Json.object().put("error", "no such endpoint"));
            }
          });
    }
  }
}
