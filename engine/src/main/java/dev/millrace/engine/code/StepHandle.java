package dev.millrace.engine.code;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.graalvm.polyglot.Context;

/**
 * One running step as seen from outside its guest thread: lets the watchdog, an interrupted caller,
 * or {@link CodeSandbox#close()} stop it by cancelling its context.
 */
final class StepHandle {
  private final Executor cancellers;
  private Context context;
  private boolean expired;
  private boolean aborted;

  /**
   * @param cancellers platform threads to cancel on: {@code close(true)} waits for the guest thread
   *     to leave the context, and from a virtual thread it was seen to hang the guest's own close
   */
  StepHandle(Executor cancellers) {
    this.cancellers = cancellers;
  }

  /** Called on the guest thread once the context exists; cancels at once if already stopped. */
  synchronized void attach(Context context) {
    this.context = context;
    if (expired || aborted) {
      cancel(context);
    }
  }

  /** The wall-clock limit passed. */
  synchronized void expire() {
    expired = true;
    if (context != null) {
      cancel(context);
    }
  }

  /** The caller gave up or the sandbox is closing. */
  synchronized void abort() {
    aborted = true;
    if (context != null) {
      cancel(context);
    }
  }

  /**
   * Called on the guest thread when its call is over: from now on a late expiry or abort does not
   * touch the context, which may serve another call. Answers whether the step was stopped (then the
   * context is being closed and must not be used again).
   */
  synchronized boolean detach() {
    context = null;
    return expired || aborted;
  }

  synchronized boolean expired() {
    return expired;
  }

  synchronized boolean aborted() {
    return aborted;
  }

  // close(true) interrupts the guest thread and waits until it has left the context, which may
  // take a moment if it is inside a host call; do not hold up the watchdog (or the lock) meanwhile.
  private void cancel(Context context) {
    Runnable close =
        () -> {
          try {
            context.close(true);
          } catch (RuntimeException ignored) {
            // already closed, or closing on its own thread: either way it is stopping
          }
        };
    try {
      cancellers.execute(close);
    } catch (RejectedExecutionException e) {
      close.run(); // the sandbox is shutting down; waiting here is acceptable
    }
  }
}
