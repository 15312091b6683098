package dev.millrace.server;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The app's settings, validated once at start and frozen. {@link #fromEnvironment(Map)} reads the
 * {@code MILLRACE_*} variables; a bad value is refused with an {@link IllegalArgumentException}
 * naming the variable.
 *
 * @param port HTTP port ({@code MILLRACE_PORT}, default 8080; 0 picks a free one)
 * @param databaseUrl JDBC URL of PostgreSQL ({@code MILLRACE_DATABASE_URL}, required)
 * @param databaseSchema schema holding the app's tables ({@code MILLRACE_DATABASE_SCHEMA}, public)
 * @param databasePoolSize connections in the pool ({@code MILLRACE_DATABASE_POOL_SIZE}, 10)
 * @param redisUrl {@code MILLRACE_REDIS_URL} (required)
 * @param queuePrefix {@code MILLRACE_QUEUE_PREFIX} (bull)
 * @param runsQueue name of the queue of run jobs ({@code MILLRACE_RUNS_QUEUE}, runs)
 * @param publicUrl how callers reach this app, for webhook and resume URLs ({@code
 *     MILLRACE_PUBLIC_URL}; default http://localhost:port)
 * @param workerToken {@code MILLRACE_WORKER_TOKEN}; empty: the app generates one at start
 * @param apiKey {@code MILLRACE_API_KEY}: an initial key for the bootstrap project; empty: the app
 *     creates a project and a key on first start
 * @param serverSecret {@code MILLRACE_SERVER_SECRET}: signs resume URLs; empty: generated per
 *     process (set it when running replicas)
 * @param encryptionKey {@code MILLRACE_ENCRYPTION_KEY}: encrypts connection secrets; empty:
 *     connections are refused (503)
 * @param webhookTimeout {@code MILLRACE_WEBHOOK_TIMEOUT_SECONDS} (30)
 * @param maxPayloadBytes {@code MILLRACE_MAX_PAYLOAD_BYTES} (1 MiB)
 * @param flowTimeout {@code MILLRACE_FLOW_TIMEOUT_SECONDS} (600): a run's wall-clock limit
 * @param pausedFlowTimeout {@code MILLRACE_PAUSED_FLOW_TIMEOUT_DAYS} (30)
 * @param sweepInterval {@code MILLRACE_SWEEPER_INTERVAL_SECONDS} (15)
 * @param sweepGrace {@code MILLRACE_SWEEPER_GRACE_SECONDS} (30): how old a QUEUED run must be
 *     before a missing job is re-added
 */
public record ServerConfig(
    int port,
    String databaseUrl,
    String databaseSchema,
    int databasePoolSize,
    String redisUrl,
    String queuePrefix,
    String runsQueue,
    Optional<URI> publicUrl,
    Optional<String> workerToken,
    Optional<String> apiKey,
    Optional<String> serverSecret,
    Optional<String> encryptionKey,
    Duration webhookTimeout,
    int maxPayloadBytes,
    Duration flowTimeout,
    Duration pausedFlowTimeout,
    Duration sweepInterval,
    Duration sweepGrace) {

  /** Reads and validates the variables this class documents. */
  public static ServerConfig fromEnvironment(Map<String, String> env) {
    Env e = new Env(env, new java.util.ArrayList<>());
    ServerConfig config =
        new ServerConfig(
            e.integer("MILLRACE_PORT", 8080, 0, 65535),
            e.required("MILLRACE_DATABASE_URL", "jdbc:postgresql:"),
            e.identifier("MILLRACE_DATABASE_SCHEMA", "public"),
            e.integer("MILLRACE_DATABASE_POOL_SIZE", 10, 1, 1000),
            e.required("MILLRACE_REDIS_URL", "redis"),
            e.string("MILLRACE_QUEUE_PREFIX", "bull"),
            e.string("MILLRACE_RUNS_QUEUE", "runs"),
            e.optional("MILLRACE_PUBLIC_URL").map(v -> e.url("MILLRACE_PUBLIC_URL", v)),
            e.optional("MILLRACE_WORKER_TOKEN").map(v -> e.secret("MILLRACE_WORKER_TOKEN", v)),
            e.optional("MILLRACE_API_KEY").map(v -> e.secret("MILLRACE_API_KEY", v)),
            e.optional("MILLRACE_SERVER_SECRET").map(v -> e.secret("MILLRACE_SERVER_SECRET", v)),
            e.optional("MILLRACE_ENCRYPTION_KEY").map(v -> e.secret("MILLRACE_ENCRYPTION_KEY", v)),
            Duration.ofSeconds(e.integer("MILLRACE_WEBHOOK_TIMEOUT_SECONDS", 30, 1, 3600)),
            e.integer("MILLRACE_MAX_PAYLOAD_BYTES", 1 << 20, 1024, 256 << 20),
            Duration.ofSeconds(e.integer("MILLRACE_FLOW_TIMEOUT_SECONDS", 600, 1, 30 * 86400)),
            Duration.ofDays(e.integer("MILLRACE_PAUSED_FLOW_TIMEOUT_DAYS", 30, 1, 3650)),
            Duration.ofSeconds(e.integer("MILLRACE_SWEEPER_INTERVAL_SECONDS", 15, 1, 3600)),
            Duration.ofSeconds(e.integer("MILLRACE_SWEEPER_GRACE_SECONDS", 30, 0, 86400)));
    if (!e.problems().isEmpty()) {
      // every bad variable at once, so one restart fixes them all
      throw new IllegalArgumentException(String.join("; ", e.problems()));
    }
    return config;
  }

  /** The base URL callers use, without a trailing slash. */
  public String baseUrl(int boundPort) {
    return publicUrl
        .map(u -> u.toString().replaceAll("/+$", ""))
        .orElse("http://localhost:" + boundPort);
  }

  /** The settings as text, secrets masked, for the start-up log. */
  @Override
  public String toString() {
    return "ServerConfig[port=%d, database=%s, schema=%s, pool=%d, redis=%s, queue=%s:%s, publicUrl=%s, workerToken=%s, apiKey=%s, serverSecret=%s, encryptionKey=%s, webhookTimeout=%s, maxPayloadBytes=%d, flowTimeout=%s, pausedFlowTimeout=%s, sweep=%s/%s]"
        .formatted(
            port,
            maskUrl(databaseUrl),
            databaseSchema,
            databasePoolSize,
            maskUrl(redisUrl),
            queuePrefix,
            runsQueue,
            publicUrl.map(URI::toString).orElse("-"),
            mask(workerToken),
            mask(apiKey),
            mask(serverSecret),
            mask(encryptionKey),
            webhookTimeout,
            maxPayloadBytes,
            flowTimeout,
            pausedFlowTimeout,
            sweepInterval,
            sweepGrace);
  }

  private static String mask(Optional<String> secret) {
    return secret.isPresent() ? "****" : "-";
  }

  private static String maskUrl(String url) {
    return url.replaceAll("(password=)[^&]*", "$1****").replaceAll("(//[^:/@]*:)[^@]*@", "$1****@");
  }

  private record Env(Map<String, String> env, java.util.List<String> problems) {
    <T> T refuse(String message, T fallback) {
      problems.add(message);
      return fallback;
    }

    Optional<String> optional(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String string(String name, String fallback) {
      return optional(name).orElse(fallback);
    }

    String required(String name, String prefix) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return refuse(name + " is required", prefix);
      }
      if (!v.get().startsWith(prefix)) {
        return refuse(name + " must start with " + prefix + ": " + maskUrl(v.get()), prefix);
      }
      return v.get();
    }

    String identifier(String name, String fallback) {
      String v = string(name, fallback);
      if (!v.matches("[a-z_][a-z0-9_]{0,62}")) {
        return refuse(name + " must be a lower-case SQL identifier: " + v, fallback);
      }
      return v;
    }

    int integer(String name, int fallback, int min, int max) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return fallback;
      }
      int n;
      try {
        n = Integer.parseInt(v.get());
      } catch (NumberFormatException ex) {
        return refuse(name + " must be an integer: " + v.get(), fallback);
      }
      if (n < min || n > max) {
        return refuse(name + " must be within [" + min + ", " + max + "]: " + n, fallback);
      }
      return n;
    }

    URI url(String name, String v) {
      URI u;
      try {
        u = URI.create(v);
      } catch (IllegalArgumentException ex) {
        return refuse(name + " must be an http(s) URL: " + v, null);
      }
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        return refuse(name + " must be an http(s) URL: " + v, null);
      }
      return u;
    }

    String secret(String name, String v) {
      if (v.length() < 16) {
        return refuse(name + " must be at least 16 characters long", v);
      }
      return v;
    }
  }
}
