package dev.spindle.rm.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.security.token.delegation.DelegationKey;
import org.apache.hadoop.yarn.security.client.RMDelegationTokenIdentifier;
import org.apache.zookeeper.KeeperException;

/**
 * RM delegation-token state in the store (yarn-compat 6.4): master keys under {@code keys/<id>}
 * and live tokens under {@code tokens/<sequence number>} with their renew date, so tokens a
 * client holds still authenticate, renew and cancel on the next active RM. Writes are fenced
 * like every other store write.
 */
public final class ZkTokenStore {

  /** What the store held: keys, and live tokens with their renew dates. */
  public record Loaded(List<DelegationKey> keys, Map<RMDelegationTokenIdentifier, Long> tokens) {}

  private final ZkStateStore store;
  private final CuratorFramework zk;
  private final String keysPath;
  private final String tokensPath;

  ZkTokenStore(ZkStateStore store, CuratorFramework zk, String root) {
    this.store = store;
    this.zk = zk;
    this.keysPath = root + "/keys";
    this.tokensPath = root + "/tokens";
  }

  void ensureLayout() throws Exception {
    store.ensure(keysPath, null);
    store.ensure(tokensPath, null);
  }

  public void storeKey(DelegationKey key) throws IOException {
    byte[] data = bytes(key::write);
    String path = keysPath + "/" + key.getKeyId();
    store.commit(() -> List.of(zk.transactionOp().create().forPath(path, data)),
        "store delegation key " + key.getKeyId());
  }

  public void removeKey(int keyId) {
    delete(keysPath + "/" + keyId);
  }

  /** Stores a new token or its new renew date. */
  public void storeToken(RMDelegationTokenIdentifier id, long renewDate) throws IOException {
    // Renew date first: the identifier's protobuf reads to the end of its stream.
    byte[] data = bytes(out -> {
      out.writeLong(renewDate);
      id.write(out);
    });
    String path = tokensPath + "/" + id.getSequenceNumber();
    try {
      store.commit(() -> List.of(zk.transactionOp().create().forPath(path, data)),
          "store delegation token " + id.getSequenceNumber());
    } catch (StoreException e) {
      if (!(e.getCause() instanceof KeeperException.NodeExistsException)) {
        throw e;
      }
      store.commit(() -> List.of(zk.transactionOp().setData().forPath(path, data)),
          "renew delegation token " + id.getSequenceNumber());
    }
  }

  public void removeToken(RMDelegationTokenIdentifier id) {
    delete(tokensPath + "/" + id.getSequenceNumber());
  }

  private void delete(String path) {
    try {
      store.commit(() -> List.of(zk.transactionOp().delete().forPath(path)), "delete " + path);
    } catch (StoreException e) {
      if (!(e.getCause() instanceof KeeperException.NoNodeException)) {
        throw e;
      }
    }
  }

  public Loaded load() {
    try {
      List<DelegationKey> keys = new ArrayList<>();
      for (String child : zk.getChildren().forPath(keysPath)) {
        DelegationKey key = new DelegationKey();
        key.readFields(in(zk.getData().forPath(keysPath + "/" + child)));
        keys.add(key);
      }
      Map<RMDelegationTokenIdentifier, Long> tokens = new HashMap<>();
      for (String child : zk.getChildren().forPath(tokensPath)) {
        DataInputStream in = in(zk.getData().forPath(tokensPath + "/" + child));
        long renewDate = in.readLong();
        RMDelegationTokenIdentifier id = new RMDelegationTokenIdentifier();
        id.readFields(in);
        tokens.put(id, renewDate);
      }
      return new Loaded(keys, tokens);
    } catch (Exception e) {
      throw new StoreException("Could not load the delegation-token state", e);
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writer w) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      w.write(out);
    }
    return b.toByteArray();
  }

  private static DataInputStream in(byte[] data) {
    return new DataInputStream(new ByteArrayInputStream(data));
  }
}
