package dev.spindle.rm.security;

import org.apache.hadoop.yarn.server.api.records.MasterKey;

/**
 * The master key a token kind is currently signed with. Key rolling (a pending next key that
 * is pushed to peers before it signs anything) is not implemented yet; callers go through this
 * interface so it can be added without touching them.
 */
public interface MasterKeys {

  /** The key new tokens are signed with. */
  MasterKey currentKey();

  /** The key that will become current after the next roll, or null when none is pending. */
  default MasterKey nextKey() {
    return null;
  }
}
