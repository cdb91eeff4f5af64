package dev.spindle.framework;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs the framework's callbacks, in the order they were queued, so a
 * scheduler never sees two callbacks at once nor an event before an earlier one. A callback
 * that throws is logged and does not stop the ones after it.
 */
final class CallbackThread {

  private static final Logger LOG = LoggerFactory.getLogger(CallbackThread.class);

  private volatile Thread thread;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "framework-callbacks");
    t.setDaemon(true);
    thread = t;
    return t;
  });

  /** Queues {@code callback}; dropped once the thread is shut down. */
  void post(String what, Runnable callback) {
    try {
      executor.execute(() -> {
        try {
          callback.run();
        } catch (RuntimeException e) {
          LOG.error("framework callback {} threw", what, e);
        }
      });
    } catch (RejectedExecutionException stopped) {
      LOG.debug("driver stopped; callback {} dropped", what);
    }
  }

  boolean isCurrent() {
    return Thread.currentThread() == thread;
  }

  /** Runs what is queued, then ends; waits for that unless called from the thread itself. */
  void shutdown(long timeoutMs) throws InterruptedException {
    executor.shutdown();
    if (!isCurrent()) {
      executor.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    }
  }
}
