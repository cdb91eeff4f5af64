package dev.spindle.rm.store;

/**
 * A write or read of the state store failed after the ZooKeeper client's retries (the ensemble
 * stayed unreachable). The operation that needed it must not be answered as a success.
 */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
