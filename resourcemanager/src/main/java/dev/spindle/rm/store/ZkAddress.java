package dev.spindle.rm.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The ZooKeeper ensemble the RM's state store and leader election use.
 *
 * <p>Rationale: many existing yarn-site.xml files name it with the RM's own key,
 * yarn.resourcemanager.zk-address, which YarnConfiguration does NOT map onto
 * hadoop.zk.address. The stock RM reads the RM key first and falls back to the common one
 * (ResourceManager#createAndStartZKManager, ZKCuratorManager), so Spindle does the same.
 */
public final class ZkAddress {

  private ZkAddress() {}

  /** yarn.resourcemanager.zk-address if set, else hadoop.zk.address; null when neither is. */
  public static String of(Configuration conf) {
    String rmKey = conf.getTrimmed(YarnConfiguration.RM_ZK_ADDRESS);
    if (rmKey != null && !rmKey.isEmpty()) {
      return rmKey;
    }
    String common = conf.getTrimmed(CommonConfigurationKeys.ZK_ADDRESS);
    return common == null || common.isEmpty() ? null : common;
  }
}
