package dev.millrace.queue.internal;

import dev.millrace.queue.QueueException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Decoding of script replies and waiting on Redis futures with a bound. */
public final class Replies {
  /** How long a caller waits for an ordinary (non-blocking) Redis reply. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private Replies() {}

  public static <T> T await(CompletionStage<T> stage, String what) {
    CompletableFuture<T> f = stage.toCompletableFuture();
    try {
      return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueException(what + ": interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof QueueException q) {
        throw q;
      }
      throw new QueueException(what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new QueueException(what + ": no reply from Redis within " + CALL_TIMEOUT, e);
    }
  }

  public static long code(List<Object> reply) {
    return asLong(reply.getFirst());
  }

  public static long asLong(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    if (o instanceof String s) {
      return Long.parseLong(s);
    }
    throw new IllegalStateException("expected a number in the script reply, got " + o);
  }

  /** A flat [field, value, ...] list (HGETALL inside a script) as a map. */
  public static Map<String, String> hash(Object o) {
    Map<String, String> map = new LinkedHashMap<>();
    if (o instanceof List<?> list) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
      }
    }
    return map;
  }

  @SuppressWarnings("unchecked") // script replies are lists of strings here
  public static List<String> strings(Object o) {
    return o instanceof List<?> l ? (List<String>) l : List.of();
  }
}
