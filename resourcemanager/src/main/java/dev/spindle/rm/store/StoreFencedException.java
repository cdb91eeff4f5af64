package dev.spindle.rm.store;

/**
 * Another ResourceManager became active after this one (it moved the epoch): this one may no
 * longer write and must step down. Unchecked because it ends the current operation wherever it
 * is; the RM's state is discarded and reloaded, never patched up.
 */
public class StoreFencedException extends RuntimeException {

  public StoreFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
