package dev.millrace.queue.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The queue's Lua scripts, loaded from {@code dev/millrace/queue/lua/<name>.lua}. A line {@code --
 * @include <x>} is replaced by {@code includes/<x>.lua}. Scripts run with EVALSHA; when Redis has
 * lost its script cache (restart, failover, SCRIPT FLUSH) the call is retried once with EVAL, which
 * also re-caches the script. Every script returns an array. Thread-safe.
 */
public final class Scripts {

  /** One script per atomic operation. */
  public enum Script {
    ADD_JOB("addJob"),
    MOVE_TO_ACTIVE("moveToActive"),
    MOVE_TO_FINISHED("moveToFinished"),
    RETRY_JOB("retryJob"),
    EXTEND_LOCKS("extendLocks"),
    MOVE_STALLED_JOBS("moveStalledJobs"),
    UPDATE_PROGRESS("updateProgress"),
    ADD_LOG("addLog"),
    PAUSE("pause"),
    REMOVE_JOB("removeJob"),
    OBLITERATE("obliterate"),
    CLEAN_JOBS("cleanJobs"),
    REPROCESS_JOB("reprocessJob"),
    PROMOTE("promote"),
    DRAIN("drain"),
    CHANGE_PRIORITY("changePriority"),
    CHANGE_DELAY("changeDelay"),
    UPSERT_SCHEDULER("upsertScheduler"),
    REMOVE_SCHEDULER("removeScheduler");

    private final String file;

    Script(String file) {
      this.file = file;
    }

    public String file() {
      return file;
    }
  }

  private record Loaded(String body, String sha) {}

  private static final String ROOT = "/dev/millrace/queue/lua/";
  private static final Scripts INSTANCE = new Scripts();

  private final Map<Script, Loaded> loaded = new EnumMap<>(Script.class);

  private Scripts() {
    for (Script s : Script.values()) {
      String body = resolve(read(ROOT + s.file() + ".lua", s.file()));
      if (body != null) {
        loaded.put(s, new Loaded(body, sha1(body)));
      }
    }
  }

  public static Scripts get() {
    return INSTANCE;
  }

  /** The script text with its includes inlined (what Redis runs). */
  public String body(Script script) {
    return require(script).body();
  }

  /** Runs a script; the future fails with the Redis error, if any. */
  public CompletableFuture<List<Object>> run(
      RedisAsyncCommands<String, String> redis, Script script, String[] keys, String... args) {
    Loaded s = require(script);
    CompletionStage<List<Object>> first =
        redis.evalsha(s.sha(), ScriptOutputType.MULTI, keys, args);
    return first
        .toCompletableFuture()
        .exceptionallyCompose(
            error -> {
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (cause instanceof RedisNoScriptException) {
                return redis.eval(s.body(), ScriptOutputType.MULTI, keys, args);
              }
              return CompletableFuture.failedFuture(cause);
            });
  }

  private Loaded require(Script script) {
    Loaded s = loaded.get(script);
    if (s == null) {
      throw new IllegalStateException("script " + script.file() + ".lua is missing");
    }
    return s;
  }

  private static String resolve(String body) {
    if (body == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String line : body.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("-- @include ")) {
        String name = trimmed.substring("-- @include ".length()).strip();
        String included = read(ROOT + "includes/" + name + ".lua", name);
        if (included == null) {
          throw new IllegalStateException("missing Lua include " + name);
        }
        out.append(included).append('\n');
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static String read(String path, String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lua script " + name, e);
    }
  }

  private static String sha1(String body) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
