package dev.spindle.rm.ha;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The HA settings of one RM, read after {@code HAUtil.verifyAndSetConfiguration} chose its id.
 *
 * @param electionPath            {@code <zk-base-path>/<cluster-id>}, as the stock elector
 * @param electionSessionMs       ZooKeeper session of the election client: how soon a dead
 *                                leader's latch disappears (Spindle's key, default 3 s)
 */
public record HaSettings(
    String rmId,
    String clusterId,
    String zkAddress,
    String electionPath,
    boolean automaticFailover,
    int electionSessionMs) {

  /** Spindle's election session timeout; short, since safety comes from the epoch. */
  public static final String ELECTION_SESSION_MS = "spindle.rm.ha.election.session-timeout-ms";

  public static HaSettings from(Configuration conf) {
    String base = conf.get(YarnConfiguration.AUTO_FAILOVER_ZK_BASE_PATH,
        YarnConfiguration.DEFAULT_AUTO_FAILOVER_ZK_BASE_PATH);
    String clusterId = conf.get(YarnConfiguration.RM_CLUSTER_ID,
        YarnConfiguration.DEFAULT_RM_CLUSTER_ID);
    return new HaSettings(HAUtil.getRMHAId(conf), clusterId,
        conf.getTrimmed(CommonConfigurationKeys.ZK_ADDRESS),
        base.replaceAll("/+$", "") + "/" + clusterId,
        HAUtil.isAutomaticFailoverEnabled(conf),
        conf.getInt(ELECTION_SESSION_MS, 3000));
  }
}
