package dev.spindle.nm;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.security.BaseContainerTokenSecretManager;
import org.apache.hadoop.yarn.server.security.BaseNMTokenSecretManager;
import org.apache.hadoop.yarn.server.utils.BuilderUtils;

/**
 * The RM's half of container and NM tokens, built on the same server-common base classes
 * the stock RM uses, so tokens are byte-for-byte what a stock RM would issue.
 */
final class RmSideTokens {
  static final class ContainerTokens extends BaseContainerTokenSecretManager {
    ContainerTokens(Configuration conf) {
      super(conf);
      roll();
    }

    void roll() {
      currentMasterKey = createNewMasterKey();
    }

    MasterKey key() {
      return currentMasterKey.getMasterKey();
    }

    Token token(ContainerId id, String nmHostAddr, String user, long expiry, long rmId) {
      ContainerTokenIdentifier ident = new ContainerTokenIdentifier(id, nmHostAddr, user,
          Resource.newInstance(128, 1), expiry, key().getKeyId(), rmId,
          Priority.newInstance(0), System.currentTimeMillis());
      return BuilderUtils.newContainerToken(NodeId.fromString(nmHostAddr),
          createPassword(ident), ident);
    }
  }

  static final class NmTokens extends BaseNMTokenSecretManager {
    NmTokens() {
      currentMasterKey = createNewMasterKey();
    }

    MasterKey key() {
      return currentMasterKey.getMasterKey();
    }

    Token token(ApplicationAttemptId attempt, NodeId node, String user) {
      return createNMToken(attempt, node, user);
    }
  }

  private RmSideTokens() {}
}
