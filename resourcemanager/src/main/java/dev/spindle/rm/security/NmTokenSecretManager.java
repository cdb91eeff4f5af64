package dev.spindle.rm.security;

import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.security.BaseNMTokenSecretManager;

/**
 * The RM's NM-token issuer: AMs (and the RM's own AM launcher) present these tokens to
 * NodeManagers, which verify them with the master key sent at registration. Token creation is
 * inherited ({@link #createNMToken}, safe on any thread: it reads the key under the read lock);
 * which attempt already holds a token for which node is tracked by the core, and the tokens are
 * minted by the AM-RM adapter and the AM launcher.
 */
public class NmTokenSecretManager extends BaseNMTokenSecretManager implements MasterKeys {

  public NmTokenSecretManager() {
    this.currentMasterKey = createNewMasterKey();
  }

  @Override
  public MasterKey currentKey() {
    return getCurrentKey();
  }
}
