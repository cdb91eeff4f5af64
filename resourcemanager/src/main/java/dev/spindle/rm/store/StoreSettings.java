package dev.spindle.rm.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The state-store settings, read once from the configuration (yarn-compat 6.1).
 *
 * @param zkAddress          yarn.resourcemanager.zk-address or hadoop.zk.address
 *                           ({@link ZkAddress})
 * @param parentPath         yarn.resourcemanager.zk-state-store.parent-path
 * @param maxZnodeBytes      yarn.resourcemanager.zk-max-znode-size.bytes; no write exceeds it
 * @param maxCompletedApps   finished applications kept in the store, oldest pruned first
 * @param diagnosticsCap     the most bytes of diagnostics one znode carries
 */
public record StoreSettings(
    String zkAddress,
    String parentPath,
    int sessionTimeoutMs,
    int retries,
    int retryIntervalMs,
    int maxZnodeBytes,
    int maxCompletedApps,
    int diagnosticsCap) {

  /** The stock attempt-diagnostics limit (yarn.app.attempt.diagnostics.limit.kc, 64 k chars). */
  private static final int STOCK_DIAGNOSTICS_CAP = 64 * 1024;

  public static StoreSettings from(Configuration conf) {
    int maxZnode = conf.getInt(YarnConfiguration.RM_ZK_ZNODE_SIZE_LIMIT_BYTES,
        YarnConfiguration.DEFAULT_RM_ZK_ZNODE_SIZE_LIMIT_BYTES);
    int rmMaxCompleted = conf.getInt(YarnConfiguration.RM_MAX_COMPLETED_APPLICATIONS,
        YarnConfiguration.DEFAULT_RM_MAX_COMPLETED_APPLICATIONS);
    return new StoreSettings(
        ZkAddress.of(conf),
        conf.getTrimmed(YarnConfiguration.ZK_RM_STATE_STORE_PARENT_PATH,
            YarnConfiguration.DEFAULT_ZK_RM_STATE_STORE_PARENT_PATH),
        conf.getInt(CommonConfigurationKeys.ZK_TIMEOUT_MS,
            CommonConfigurationKeys.ZK_TIMEOUT_MS_DEFAULT),
        conf.getInt(CommonConfigurationKeys.ZK_NUM_RETRIES,
            CommonConfigurationKeys.ZK_NUM_RETRIES_DEFAULT),
        conf.getInt(CommonConfigurationKeys.ZK_RETRY_INTERVAL_MS,
            CommonConfigurationKeys.ZK_RETRY_INTERVAL_MS_DEFAULT),
        maxZnode,
        // As stock: the store keeps as many finished apps as the RM unless told otherwise.
        conf.getInt(YarnConfiguration.RM_STATE_STORE_MAX_COMPLETED_APPLICATIONS, rmMaxCompleted),
        // Diagnostics may take at most a quarter of a znode, so facts always fit beside them.
        Math.min(STOCK_DIAGNOSTICS_CAP, maxZnode / 4));
  }

  /** Whether the RM persists its state (yarn.resourcemanager.recovery.enabled). */
  public static boolean recoveryEnabled(Configuration conf) {
    return conf.getBoolean(YarnConfiguration.RECOVERY_ENABLED,
        YarnConfiguration.DEFAULT_RM_RECOVERY_ENABLED);
  }

  StoreSettings withMaxZnodeBytes(int bytes) {
    return new StoreSettings(zkAddress, parentPath, sessionTimeoutMs, retries, retryIntervalMs,
        bytes, maxCompletedApps, Math.min(STOCK_DIAGNOSTICS_CAP, bytes / 4));
  }
}
