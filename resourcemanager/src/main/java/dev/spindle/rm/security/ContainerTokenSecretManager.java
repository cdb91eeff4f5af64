package dev.spindle.rm.security;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ExecutionType;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.server.api.ContainerType;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.security.BaseContainerTokenSecretManager;

/**
 * The RM's container-token issuer. NodeManagers get the master key at registration and check
 * every container token against it, so the identifier fields must be exactly what they compare:
 * {@code nmHostAddr} is the NM's NodeId string and {@code rmIdentifier} the value handed out at
 * registration (yarn-compat 0.5, 2.6).
 */
public class ContainerTokenSecretManager extends BaseContainerTokenSecretManager
    implements MasterKeys {

  private final long rmIdentifier;
  /** Token services by node (a bounded set: the nodes that ever registered). */
  private final java.util.Map<NodeId, String> services =
      new java.util.concurrent.ConcurrentHashMap<>();

  public ContainerTokenSecretManager(Configuration conf, long rmIdentifier) {
    super(conf);
    this.rmIdentifier = rmIdentifier;
    this.currentMasterKey = createNewMasterKey();
  }

  @Override
  public MasterKey currentKey() {
    return getCurrentKey();
  }

  /**
   * Mints a container token. As stock (RMContainerTokenSecretManager), {@code creationTime} is
   * when the RM allocated the container and the token expires one allocation-expiry interval
   * after it is minted, on the wall clock the NM checks it against. Safe on any thread: the
   * key is read under the read lock, and the MAC is per thread (SecretManager).
   */
  public Token createContainerToken(ContainerId containerId, NodeId nodeId, String user,
      Resource resource, Priority priority, long creationTime, ContainerType type,
      long allocationRequestId) {
    long expiry = System.currentTimeMillis() + containerTokenExpiryInterval;
    byte[] bytes;
    byte[] password;
    readLock.lock();
    try {
      ContainerTokenIdentifier identifier = new ContainerTokenIdentifier(containerId, 0,
          nodeId.toString(), user, resource, expiry,
          currentMasterKey.getMasterKey().getKeyId(), rmIdentifier, priority, creationTime,
          null, "", type, ExecutionType.GUARANTEED, allocationRequestId);
      // One serialization of the identifier for both the password and the token (the stock
      // helpers serialize it twice), and each node's token service worked out once: minting
      // tokens is a large share of the work when thousands of containers are allocated a
      // second.
      bytes = identifier.getBytes();
      password = createPassword(bytes, currentMasterKey.getSecretKey());
    } finally {
      readLock.unlock();
    }
    return Token.newInstance(bytes, ContainerTokenIdentifier.KIND.toString(), password,
        services.computeIfAbsent(nodeId, ContainerTokenSecretManager::service));
  }

  /** The token service of a node's container manager, as BuilderUtils#newContainerToken has it. */
  private static String service(NodeId nodeId) {
    return org.apache.hadoop.security.SecurityUtil.buildTokenService(
        org.apache.hadoop.net.NetUtils.createSocketAddrForHost(nodeId.getHost(),
            nodeId.getPort())).toString();
  }
}
