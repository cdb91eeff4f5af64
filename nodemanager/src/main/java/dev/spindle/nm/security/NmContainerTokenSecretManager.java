package dev.spindle.nm.security;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.security.BaseContainerTokenSecretManager;
import org.apache.hadoop.yarn.server.security.MasterKeyData;

/**
 * The NM side of container tokens: verifies them against the master key the RM pushed
 * (current or previous, so a key roll does not break tokens signed just before it) and
 * remembers started containers until their token expires, so a token cannot be replayed.
 *
 * <p>All state is guarded by this object's monitor.
 */
public class NmContainerTokenSecretManager extends BaseContainerTokenSecretManager {
  private MasterKeyData previousKey;
  private String nodeHostAddr;
  /** expiry time -> containers started with a token expiring then. */
  private final TreeMap<Long, List<ContainerId>> started = new TreeMap<>();
  private final LongSupplier clock;

  public NmContainerTokenSecretManager(Configuration conf, LongSupplier clock) {
    super(conf);
    this.clock = clock;
  }

  /** Installs a key from the RM; the old current key becomes the previous one. */
  public synchronized void setMasterKey(MasterKey key) {
    if (currentMasterKey != null && currentMasterKey.getMasterKey().getKeyId() == key.getKeyId()) {
      return;
    }
    if (currentMasterKey != null) {
      previousKey = currentMasterKey;
    }
    currentMasterKey = new MasterKeyData(key, createSecretKey(key.getBytes().array()));
  }

  /** The key to send back as last_known_container_token_master_key (null before registration). */
  @Override
  public synchronized MasterKey getCurrentKey() {
    return currentMasterKey == null ? null : currentMasterKey.getMasterKey();
  }

  public synchronized void setNodeId(NodeId nodeId) {
    this.nodeHostAddr = nodeId.toString();
  }

  @Override
  public synchronized byte[] retrievePassword(ContainerTokenIdentifier id)
      throws SecretManager.InvalidToken {
    if (nodeHostAddr != null && !nodeHostAddr.equals(id.getNmHostAddress())) {
      throw new SecretManager.InvalidToken("Given Container " + id.getContainerID()
          + " identifier is not valid for current Node manager. Expected : "
          + nodeHostAddr + " Found : " + id.getNmHostAddress());
    }
    MasterKeyData key = null;
    if (previousKey != null && previousKey.getMasterKey().getKeyId() == id.getMasterKeyId()) {
      key = previousKey;
    } else if (currentMasterKey != null
        && currentMasterKey.getMasterKey().getKeyId() == id.getMasterKeyId()) {
      key = currentMasterKey;
    }
    if (key == null) {
      throw new SecretManager.InvalidToken("Given Container " + id.getContainerID()
          + " seems to have an illegally generated token.");
    }
    return retrievePasswordInternal(id, key);
  }

  /** True unless this container was already started with a still-valid token. */
  public synchronized boolean isFirstStart(ContainerTokenIdentifier id) {
    expire();
    List<ContainerId> ids = started.get(id.getExpiryTimeStamp());
    return ids == null || !ids.contains(id.getContainerID());
  }

  public synchronized void recordStart(ContainerTokenIdentifier id) {
    expire();
    started.computeIfAbsent(id.getExpiryTimeStamp(), k -> new ArrayList<>())
        .add(id.getContainerID());
  }

  private void expire() {
    long now = clock.getAsLong();
    Iterator<Map.Entry<Long, List<ContainerId>>> it = started.entrySet().iterator();
    while (it.hasNext() && it.next().getKey() < now) {
      it.remove();
    }
  }
}
