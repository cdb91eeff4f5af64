package dev.spindle.mini;

import dev.spindle.rm.store.ZkAddress;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Checks an HA configuration before an RM daemon starts, and settles which rm-id this daemon
 * is, the way the stock RM does: {@code HAUtil.verifyAndSetConfiguration} takes
 * {@code yarn.resourcemanager.ha.id}, else the one rm-id whose
 * {@code yarn.resourcemanager.address.<id>} is a local address, and copies that id's
 * addresses onto the generic keys.
 *
 * <p>Rationale: the stock checks throw YarnRuntimeException (or HadoopIllegalArgumentException
 * when several ids match this host) from deep inside start-up; running them first turns a bad
 * file into one line naming the key, before any port is bound.
 */
final class RmHaConfig {

  private RmHaConfig() {}

  /**
   * Verifies {@code conf} (HA enabled) and sets this RM's id and addresses in it.
   *
   * @return the rm-id this daemon runs as
   * @throws ConfDir.BadConfigException what the stock check found, on one line
   */
  static String resolve(YarnConfiguration conf) throws ConfDir.BadConfigException {
    try {
      HAUtil.verifyAndSetConfiguration(conf);
    } catch (IllegalArgumentException | org.apache.hadoop.yarn.exceptions.YarnRuntimeException e) {
      throw new ConfDir.BadConfigException("Bad HA configuration: " + oneLine(e.getMessage()));
    }
    // The election and the store both need ZooKeeper; without it the elector fails later, in
    // a thread, with a stack trace.
    if (HAUtil.isAutomaticFailoverEnabled(conf) && ZkAddress.of(conf) == null) {
      throw new ConfDir.BadConfigException("Bad HA configuration: automatic failover needs"
          + " ZooKeeper; set " + org.apache.hadoop.fs.CommonConfigurationKeys.ZK_ADDRESS
          + " (or " + YarnConfiguration.RM_ZK_ADDRESS + ")");
    }
    return conf.get(YarnConfiguration.RM_HA_ID);
  }

  private static String oneLine(String message) {
    String m = message == null ? "" : message;
    if (m.startsWith(HAUtil.BAD_CONFIG_MESSAGE_PREFIX)) {
      m = m.substring(HAUtil.BAD_CONFIG_MESSAGE_PREFIX.length());
    }
    return m.replaceAll("\\s*\\n\\s*", "; ").trim();
  }
}
