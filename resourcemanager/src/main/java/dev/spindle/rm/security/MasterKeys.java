package dev.spindle.rm.security;

import org.apache.hadoop.yarn.server.api.records.MasterKey;

/**
 * The master key a token kind is currently signed with. Key rolling (a pending next key that
 * is pushed to peers before it signs anything) is not implemented yet; callers go through this
 * interface so it can be added without touching them.
 *
 * <p>Called from RPC threads (the NM-RM adapter adds the keys to its responses), so
 * implementations must be safe from any thread. The ones here are: the Hadoop secret
 * managers read their current key under their own lock, the AMRM key is final, and the
 * {@code MasterKey} records they return synchronize every accessor.
 */
public interface MasterKeys {

  /** The key new tokens are signed with. */
  MasterKey currentKey();

  /** The key that will become current after the next roll, or null when none is pending. */
  default MasterKey nextKey() {
    return null;
  }
}
