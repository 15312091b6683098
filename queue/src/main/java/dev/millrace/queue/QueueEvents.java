package dev.millrace.queue;

import dev.millrace.queue.internal.QueueKeys;
import dev.millrace.queue.internal.Utf8Codec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a queue's events stream (written by Java and Node producers and workers alike) with XREAD
 * BLOCK on a connection of its own, from the events added after {@link #start()}. Thread-safe;
 * listeners run on the reader thread and must be quick.
 */
public final class QueueEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueEvents.class);
  private static final long BLOCK_MILLIS = 1_000;
  private static final long WATCHDOG_GRACE_MILLIS = 1_000;

  private final RedisClient client;
  private final QueueKeys keys;
  private final List<Consumer<QueueEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, List<CompletableFuture<QueueEvent>>> finishWaiters =
      new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile boolean closed;
  private volatile StatefulRedisConnection<String, String> connection;
  private StatefulRedisConnection<String, String> commands;
  private Thread reader;

  public QueueEvents(RedisClient client, String queueName) {
    this(client, queueName, Queue.DEFAULT_PREFIX);
  }

  public QueueEvents(RedisClient client, String queueName, String prefix) {
    this.client = Objects.requireNonNull(client, "client");
    this.keys = new QueueKeys(prefix, queueName);
  }

  public QueueEvents addListener(Consumer<QueueEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Starts reading; returns once the reader is positioned at the stream's end, so every event
   * written after this call is seen. Idempotent.
   */
  public synchronized QueueEvents start() {
    if (reader == null && !closed) {
      commands = client.connect(Utf8Codec.INSTANCE);
      String last = lastId();
      reader =
          Thread.ofPlatform()
              .daemon()
              .name("millrace-queue-events-" + keys.queue())
              .start(() -> read(last));
    }
    ready.join();
    return this;
  }

  private String lastId() {
    List<StreamMessage<String, String>> tail =
        commands
            .sync()
            .xrevrange(
                keys.events(),
                io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1));
    return tail.isEmpty() ? "0-0" : tail.getFirst().getId();
  }

  private void read(String from) {
    String last = from;
    ready.complete(null);
    while (!closed) {
      try {
        StatefulRedisConnection<String, String> conn = connection();
        List<StreamMessage<String, String>> batch =
            conn.async()
                .xread(
                    XReadArgs.Builder.block(BLOCK_MILLIS).count(500),
                    XReadArgs.StreamOffset.from(keys.events(), last))
                .toCompletableFuture()
                .get(BLOCK_MILLIS + WATCHDOG_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        if (batch == null) {
          continue;
        }
        for (StreamMessage<String, String> m : batch) {
          last = m.getId();
          dispatch(m);
        }
      } catch (TimeoutException e) {
        dropConnection();
      } catch (InterruptedException e) {
        return;
      } catch (ExecutionException | RuntimeException e) {
        dropConnection();
        if (!closed) {
          LOG.warn("events of {}: {}", keys.queue(), e.toString());
          try {
            Thread.sleep(200); // back-off before reconnecting
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  private void dispatch(StreamMessage<String, String> m) {
    Map<String, String> fields = new HashMap<>(m.getBody());
    String name = fields.remove("event");
    if (name == null) {
      return;
    }
    QueueEvent event = new QueueEvent(m.getId(), name, fields);
    for (Consumer<QueueEvent> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("queue events listener threw", e);
      }
    }
    if ((name.equals("completed") || name.equals("failed")) && event.jobId() != null) {
      List<CompletableFuture<QueueEvent>> waiters = finishWaiters.remove(event.jobId());
      if (waiters != null) {
        waiters.forEach(w -> w.complete(event));
      }
    }
  }

  /**
   * Waits until a job is completed or failed for good and returns its return value (JSON text).
   * Returns at once when it already finished.
   *
   * @throws JobFailedException when the job failed; its message is the failed reason
   * @throws TimeoutException when the job did not finish within the timeout
   */
  public String waitUntilFinished(String jobId, Duration timeout)
      throws JobFailedException, TimeoutException, InterruptedException {
    start();
    CompletableFuture<QueueEvent> waiter = new CompletableFuture<>();
    finishWaiters.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(waiter);
    try {
      // registered first, then checked: a finish between the two is seen one way or the other
      Map<String, String> job = commands.sync().hgetall(keys.job(jobId));
      if (job.containsKey("finishedOn")) {
        if (commands.sync().zscore(keys.completed(), jobId) != null) {
          return job.get("returnvalue");
        }
        if (commands.sync().zscore(keys.failed(), jobId) != null) {
          throw new JobFailedException(jobId, job.get("failedReason"));
        }
      }
      QueueEvent event = waiter.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (event.event().equals("failed")) {
        throw new JobFailedException(jobId, event.fields().get("failedReason"));
      }
      return event.fields().get("returnvalue");
    } catch (ExecutionException e) {
      throw new QueueException("waiting for job " + jobId, e.getCause());
    } finally {
      List<CompletableFuture<QueueEvent>> waiters = finishWaiters.get(jobId);
      if (waiters != null) {
        waiters.remove(waiter);
      }
    }
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null || !c.isOpen()) {
      c = client.connect(Utf8Codec.INSTANCE);
      connection = c;
    }
    return c;
  }

  private void dropConnection() {
    StatefulRedisConnection<String, String> c = connection;
    connection = null;
    if (c != null) {
      c.closeAsync();
    }
  }

  /** Stops reading and disconnects. Idempotent. */
  @Override
  public void close() {
    Thread r;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      r = reader;
    }
    dropConnection();
    if (r != null) {
      r.interrupt();
      try {
        r.join(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (commands != null) {
      commands.closeAsync();
    }
  }
}
