package dev.spindle.mini;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolClientSideTranslatorPB;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The HA state one RM of a group reports on its admin port, asked the way
 * {@code yarn rmadmin -getServiceState <id>} asks (HAServiceProtocol); works for Spindle's
 * and the stock RM alike.
 */
public final class RmHaState {

  private RmHaState() {}

  /** The state of {@code rmId}; INITIALIZING while it is not up (or gone). */
  public static HAServiceState query(Configuration conf, String rmId) {
    String admin = conf.get(HAUtil.addSuffix(YarnConfiguration.RM_ADMIN_ADDRESS, rmId));
    Configuration c = new Configuration(conf);
    c.setInt("ipc.client.connect.max.retries", 0);
    try (HAServiceProtocolClientSideTranslatorPB proxy =
        new HAServiceProtocolClientSideTranslatorPB(NetUtils.createSocketAddr(admin), c)) {
      return proxy.getServiceStatus().getState();
    } catch (IOException e) {
      return HAServiceState.INITIALIZING;
    }
  }
}
