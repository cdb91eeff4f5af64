package dev.spindle.rm.core;

/**
 * Where records go before they are applied: the seam for the ZooKeeper state store. The
 * in-memory default keeps nothing; a durable implementation must have written the record
 * when {@link #persist} returns.
 */
@FunctionalInterface
public interface RecordSink {

  void persist(StateRecord record);

  /** Keeps nothing: state lives only in memory. */
  RecordSink IN_MEMORY = record -> {};
}
