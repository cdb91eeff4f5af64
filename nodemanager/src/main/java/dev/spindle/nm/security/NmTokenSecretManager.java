package dev.spindle.nm.security;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.security.NMTokenIdentifier;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.security.BaseNMTokenSecretManager;
import org.apache.hadoop.yarn.server.security.MasterKeyData;

/**
 * The NM side of NM tokens, used by the RPC layer (SASL DIGEST-MD5) to authenticate every
 * ContainerManagementProtocol connection. Accepts the current or previous key from the RM,
 * and a key an attempt already started containers with (so long-lived AMs survive two
 * rolls); the identifier's node must be this node.
 *
 * <p>All state is guarded by this object's monitor.
 */
public class NmTokenSecretManager extends BaseNMTokenSecretManager {
  private MasterKeyData previousKey;
  private NodeId nodeId;
  private final Map<ApplicationAttemptId, MasterKeyData> attemptKeys = new HashMap<>();

  public synchronized void setMasterKey(MasterKey key) {
    if (currentMasterKey != null && currentMasterKey.getMasterKey().getKeyId() == key.getKeyId()) {
      return;
    }
    if (currentMasterKey != null) {
      previousKey = currentMasterKey;
    }
    currentMasterKey = new MasterKeyData(key, createSecretKey(key.getBytes().array()));
  }

  @Override
  public synchronized MasterKey getCurrentKey() {
    return currentMasterKey == null ? null : currentMasterKey.getMasterKey();
  }

  public synchronized void setNodeId(NodeId nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public synchronized byte[] retrievePassword(NMTokenIdentifier id)
      throws SecretManager.InvalidToken {
    if (nodeId != null && !nodeId.equals(id.getNodeId())) {
      throw new SecretManager.InvalidToken("Given NMToken for application : "
          + id.getApplicationAttemptId() + " is not valid for current node manager."
          + "expected : " + nodeId + " found : " + id.getNodeId());
    }
    MasterKeyData key = keyFor(id.getKeyId());
    if (key == null) {
      MasterKeyData remembered = attemptKeys.get(id.getApplicationAttemptId());
      if (remembered != null && remembered.getMasterKey().getKeyId() == id.getKeyId()) {
        key = remembered;
      }
    }
    if (key == null) {
      throw new SecretManager.InvalidToken("Given NMToken for application : "
          + id.getApplicationAttemptId() + " seems to have been generated illegally.");
    }
    return retrivePasswordInternal(id, key);
  }

  /** Remembers the key an attempt starts containers with (called on each start). */
  public synchronized void attemptStartedContainer(NMTokenIdentifier id)
      throws SecretManager.InvalidToken {
    MasterKeyData key = keyFor(id.getKeyId());
    if (key == null) {
      throw new SecretManager.InvalidToken(
          "Older NMToken should not be used while starting the container.");
    }
    attemptKeys.put(id.getApplicationAttemptId(), key);
  }

  public synchronized void appFinished(ApplicationId app) {
    attemptKeys.keySet().removeIf(a -> a.getApplicationId().equals(app));
  }

  private MasterKeyData keyFor(int keyId) {
    if (currentMasterKey != null && currentMasterKey.getMasterKey().getKeyId() == keyId) {
      return currentMasterKey;
    }
    if (previousKey != null && previousKey.getMasterKey().getKeyId() == keyId) {
      return previousKey;
    }
    return null;
  }
}
