package dev.spindle.rm.ha;

import dev.spindle.rm.store.ZkAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The HA settings of one RM, read after {@code HAUtil.verifyAndSetConfiguration} chose its id.
 *
 * @param electionPath            {@code <zk-base-path>/<cluster-id>}, as the stock elector
 * @param electionSessionMs       ZooKeeper session of the election client: how soon a dead
 *                                leader's latch disappears (Spindle's key, default 3 s)
 * @param adminAddresses          every RM's admin (HA) address, by rm id: what the leader
 *                                probe connects to
 * @param probeIntervalMs         how often a standby probes the leader (0: never)
 * @param probeMisses             probes in a row the leader may miss before a standby removes
 *                                its latch node
 */
public record HaSettings(
    String rmId,
    String clusterId,
    String zkAddress,
    String electionPath,
    boolean automaticFailover,
    int electionSessionMs,
    Map<String, InetSocketAddress> adminAddresses,
    long probeIntervalMs,
    int probeMisses) {

  /** Spindle's election session timeout; short, since safety comes from the epoch. */
  public static final String ELECTION_SESSION_MS = "spindle.rm.ha.election.session-timeout-ms";

  /** How often a standby probes the leader's admin port (ms; 0 turns the probe off). */
  public static final String PROBE_INTERVAL_MS = "spindle.rm.ha.leader-probe.interval-ms";
  /** Probes in a row the leader may miss before its latch node is removed. */
  public static final String PROBE_MISSES = "spindle.rm.ha.leader-probe.misses";

  public static HaSettings from(Configuration conf) {
    String base = conf.get(YarnConfiguration.AUTO_FAILOVER_ZK_BASE_PATH,
        YarnConfiguration.DEFAULT_AUTO_FAILOVER_ZK_BASE_PATH);
    String clusterId = conf.get(YarnConfiguration.RM_CLUSTER_ID,
        YarnConfiguration.DEFAULT_RM_CLUSTER_ID);
    return new HaSettings(HAUtil.getRMHAId(conf), clusterId,
        ZkAddress.of(conf),
        base.replaceAll("/+$", "") + "/" + clusterId,
        HAUtil.isAutomaticFailoverEnabled(conf),
        conf.getInt(ELECTION_SESSION_MS, 3000),
        adminAddresses(conf),
        conf.getLong(PROBE_INTERVAL_MS, 200),
        conf.getInt(PROBE_MISSES, 3));
  }

  private static Map<String, InetSocketAddress> adminAddresses(Configuration conf) {
    Map<String, InetSocketAddress> addresses = new HashMap<>();
    for (String id : HAUtil.getRMHAIds(conf)) {
      String value = conf.getTrimmed(HAUtil.addSuffix(YarnConfiguration.RM_ADMIN_ADDRESS, id));
      if (value != null) {
        addresses.put(id, NetUtils.createSocketAddr(value,
            YarnConfiguration.DEFAULT_RM_ADMIN_PORT));
      }
    }
    return Map.copyOf(addresses);
  }
}
