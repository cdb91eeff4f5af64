package dev.spindle.rm.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns RM state (the model is Kafka's QuorumController). RPC handler
 * threads hand it operations and wait on a future; timers only enqueue operations, so every
 * change to RM state happens on this thread, in queue order, without locks.
 */
public final class EventLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  /** An operation on RM state that may answer with the exception a stock client expects. */
  @FunctionalInterface
  public interface Op<T> {
    T run() throws YarnException;
  }

  private final ExecutorService loop = Executors.newSingleThreadExecutor(
      r -> daemon(r, "spindle-rm-core"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "spindle-rm-timers"));

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Runs an operation on the loop and waits for its result. */
  public <T> T call(Op<T> op) throws YarnException {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      loop.execute(() -> {
        try {
          result.complete(op.run());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      throw new YarnException("The ResourceManager is shutting down");
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new YarnException("Interrupted waiting for the ResourceManager core", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof YarnException ye) {
        throw ye;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new YarnException(cause);
    }
  }

  /** Enqueues an operation without waiting (timers, launcher callbacks). */
  public void post(Runnable op) {
    try {
      loop.execute(() -> {
        try {
          op.run();
        } catch (RuntimeException e) {
          LOG.error("Core operation failed", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("Dropping an operation posted after shutdown");
    }
  }

  /** Posts {@code op} to the loop every {@code periodMs}. */
  public void every(long periodMs, Runnable op) {
    timers.scheduleWithFixedDelay(() -> post(op), periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timers.shutdownNow();
    loop.shutdown();
    try {
      if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      loop.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
