package dev.spindle.rm.store;

import org.apache.curator.test.TestingServer;

/** Store settings for tests against a real ZooKeeper server (Curator's TestingServer). */
public final class ZkStores {

  private ZkStores() {}

  public static StoreSettings settings(TestingServer zk, int maxZnodeBytes,
      int maxCompletedApps) {
    return new StoreSettings(zk.getConnectString(), "/rmstore", 5000, 3, 100, maxZnodeBytes,
        maxCompletedApps, Math.min(64 * 1024, maxZnodeBytes / 4));
  }

  /** A store that only reads: opening it does not fence the writer. */
  public static ZkStateStore reader(StoreSettings settings) {
    ZkStateStore store = new ZkStateStore(settings);
    store.open();
    return store;
  }

  /** An activated store over its own client. */
  public static ZkStateStore activated(StoreSettings settings) {
    ZkStateStore store = new ZkStateStore(settings);
    store.activate();
    return store;
  }
}
