package dev.spindle.rm.core;

import java.util.concurrent.CompletableFuture;

/**
 * Where records go as the core applies them: the seam for the ZooKeeper state store. A record
 * handed to {@link #persist} is durable once the future of the next {@link #flush} completes;
 * the event loop flushes after every operation and answers the operation's caller only then
 * (a parked reply), so the core itself never waits for the store. The in-memory default keeps
 * nothing and is durable at once.
 */
public interface RecordSink {

  /** Already complete: nothing to wait for. */
  CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

  void persist(StateRecord record);

  /**
   * Starts writing everything persisted since the last flush; the future completes when it is
   * durable (exceptionally when it could not be stored). {@link #DURABLE} when nothing was
   * persisted since the last flush. Called on the thread that persists.
   */
  default CompletableFuture<Void> flush() {
    return DURABLE;
  }

  /**
   * Whether the record can be stored at all (a durable store has a size limit per node); the
   * core fails an application whose submission does not fit instead of persisting it.
   */
  default boolean fits(StateRecord record) {
    return true;
  }

  /** Keeps nothing: state lives only in memory. */
  RecordSink IN_MEMORY = record -> {};
}
