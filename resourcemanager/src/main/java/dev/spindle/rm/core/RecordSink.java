package dev.spindle.rm.core;

/**
 * Where records go before they are applied: the seam for the ZooKeeper state store. The
 * in-memory default keeps nothing; a durable implementation must have written the record
 * when {@link #persist} returns.
 */
@FunctionalInterface
public interface RecordSink {

  void persist(StateRecord record);

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
