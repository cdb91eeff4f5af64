package dev.spindle.rm.recovery;

import dev.spindle.rm.security.RmDelegationTokenSecretManager;
import dev.spindle.rm.store.ZkTokenStore;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.token.delegation.DelegationKey;
import org.apache.hadoop.yarn.security.client.RMDelegationTokenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RM delegation-token secret manager with its keys and tokens in the state store: every
 * new key and token is stored before it is used or handed out (hadoop-common calls the store
 * hooks first), and a restarted or new active RM loads them back, so clients' tokens survive.
 */
public final class PersistentDelegationTokenSecretManager extends RmDelegationTokenSecretManager {

  private static final Logger LOG =
      LoggerFactory.getLogger(PersistentDelegationTokenSecretManager.class);

  private final ZkTokenStore store;

  public PersistentDelegationTokenSecretManager(Configuration conf, ZkTokenStore store) {
    super(conf);
    this.store = store;
  }

  /** Loads the stored keys and tokens; call before the secret manager's threads start. */
  public void recover() throws IOException {
    ZkTokenStore.Loaded loaded = store.load();
    for (DelegationKey key : loaded.keys()) {
      addKey(key);
    }
    int lastSequence = 0;
    int recovered = 0;
    for (Map.Entry<RMDelegationTokenIdentifier, Long> e : loaded.tokens().entrySet()) {
      lastSequence = Math.max(lastSequence, e.getKey().getSequenceNumber());
      try {
        addPersistedDelegationToken(e.getKey(), e.getValue());
        recovered++;
      } catch (IOException unknownKey) {
        // Its master key expired and was removed: the token could not be used anyway.
        LOG.info("Dropping stored delegation token {}: {}", e.getKey().getSequenceNumber(),
            unknownKey.getMessage());
      }
    }
    setDelegationTokenSeqNum(lastSequence);
    LOG.info("Recovered {} delegation keys and {} tokens", loaded.keys().size(), recovered);
  }

  @Override
  protected void storeNewMasterKey(DelegationKey key) throws IOException {
    try {
      store.storeKey(key);
    } catch (dev.spindle.rm.store.StoreException e) {
      // Stopping interrupts the key-roll thread, maybe mid-write. hadoop-common's thread
      // exits the JVM on an unchecked exception but only logs an IOException; stock's
      // RMDelegationTokenSecretManager ignores exactly this case (not running, cause an
      // InterruptedException) and terminates on any other failure, as this still does.
      if (!isRunning() && e.getCause() instanceof InterruptedException) {
        throw new IOException("Delegation key " + key.getKeyId()
            + " not stored: the RM is stopping", e);
      }
      throw e;
    }
  }

  @Override
  protected void removeStoredMasterKey(DelegationKey key) {
    store.removeKey(key.getKeyId());
  }

  @Override
  protected void storeNewToken(RMDelegationTokenIdentifier id, long renewDate)
      throws IOException {
    store.storeToken(id, renewDate);
  }

  @Override
  protected void updateStoredToken(RMDelegationTokenIdentifier id, long renewDate)
      throws IOException {
    store.storeToken(id, renewDate);
  }

  @Override
  protected void removeStoredToken(RMDelegationTokenIdentifier id) {
    store.removeToken(id);
  }
}
