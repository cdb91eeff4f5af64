package dev.spindle.rm.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns RM state (the model is Kafka's QuorumController). RPC handler
 * threads hand it operations and wait on a future; timers only enqueue operations, so every
 * change to RM state happens on this thread, in queue order, without locks.
 *
 * <p>Replies are parked, not the loop: after each operation the loop flushes what it
 * persisted to the {@link RecordSink} and moves on; the caller is answered when that write is
 * durable (at once when the operation wrote nothing). A caller is never told of a change
 * that a restart could lose, and a slow or absent ZooKeeper holds up only the replies that
 * wait for it.
 */
public final class EventLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  /** An operation on RM state that may refuse. */
  @FunctionalInterface
  public interface Op<T> {
    T run() throws Refusal;
  }

  private final ThreadPoolExecutor loop = new ThreadPoolExecutor(1, 1, 0,
      TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, "spindle-rm-core"));
  private final RecordSink sink;
  /** Replies waiting for their write to be durable. */
  private final AtomicInteger parked = new AtomicInteger();

  /** A loop over state that is not persisted (tests, and RMs without recovery). */
  public EventLoop() {
    this(RecordSink.IN_MEMORY);
  }

  /** A loop whose operations persist to {@code sink}; it flushes after each one. */
  public EventLoop(RecordSink sink) {
    this.sink = sink;
  }
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "spindle-rm-timers"));

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Runs an operation on the loop and waits for its result. */
  public <T> T call(Op<T> op) throws Refusal {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      loop.execute(() -> {
        T value = null;
        Throwable failure = null;
        try {
          value = op.run();
        } catch (Throwable t) {
          failure = t;
        }
        // Whatever the operation persisted (even one that then failed) is answered after it.
        answerWhenDurable(result, value, failure);
      });
    } catch (RejectedExecutionException e) {
      throw new Refusal(Refusal.Kind.UNAVAILABLE, "The ResourceManager is shutting down");
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refusal(Refusal.Kind.UNAVAILABLE,
          "Interrupted waiting for the ResourceManager core", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Refusal r) {
        throw r;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new Refusal(Refusal.Kind.UNAVAILABLE, String.valueOf(cause), cause);
    }
  }

  private <T> void answerWhenDurable(CompletableFuture<T> result, T value, Throwable failure) {
    CompletableFuture<Void> durable;
    try {
      durable = sink.flush();
    } catch (RuntimeException e) {
      durable = CompletableFuture.failedFuture(e);
    }
    if (durable.isDone() && !durable.isCompletedExceptionally()) {
      complete(result, value, failure);
      return;
    }
    parked.incrementAndGet();
    durable.whenComplete((ok, storeFailure) -> {
      parked.decrementAndGet();
      if (storeFailure != null) {
        result.completeExceptionally(new Refusal(Refusal.Kind.UNAVAILABLE,
            "The ResourceManager could not store the change: " + storeFailure.getMessage(),
            storeFailure));
      } else {
        complete(result, value, failure);
      }
    });
  }

  private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
    if (failure != null) {
      result.completeExceptionally(failure);
    } else {
      result.complete(value);
    }
  }

  /** Operations waiting for the loop. */
  public int queued() {
    return loop.getQueue().size();
  }

  /** Replies parked until their write is durable. */
  public int parkedReplies() {
    return parked.get();
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
        try {
          sink.flush().whenComplete((ok, failure) -> {
            if (failure != null) {
              LOG.error("A change made by a timer or callback could not be stored", failure);
            }
          });
        } catch (RuntimeException e) {
          LOG.error("A change made by a timer or callback could not be stored", e);
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
