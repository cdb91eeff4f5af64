package dev.spindle.rm.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.net.InetSocketAddress;
import java.security.PrivilegedExceptionAction;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterMetricsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RenewDelegationTokenRequest;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.client.RMDelegationTokenIdentifier;
import org.apache.hadoop.yarn.util.ConverterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An RM delegation token issued before a restart authenticates and renews after it. */
class StoredDelegationTokenTest {

  private final TestingServer zk;
  private SpindleResourceManager rm;

  StoredDelegationTokenTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    if (rm != null) {
      rm.stop();
    }
    zk.close();
  }

  private SpindleResourceManager startRm() {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(CommonConfigurationKeys.ZK_ADDRESS, zk.getConnectString());
    SpindleResourceManager r = new SpindleResourceManager();
    r.init(conf);
    r.start();
    return r;
  }

  @Test
  void aTokenFromBeforeTheRestartStillAuthenticatesAndRenews() throws Exception {
    rm = startRm();
    Token token;
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(new YarnConfiguration(rm.getConfig()));
      client.start();
      token = client.getRMDelegationToken(new Text("oozie"));
    }
    rm.stop();
    rm = startRm();

    YarnConfiguration conf = new YarnConfiguration(rm.getConfig());
    InetSocketAddress address = conf.getSocketAddr(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.DEFAULT_RM_ADDRESS, YarnConfiguration.DEFAULT_RM_PORT);
    org.apache.hadoop.security.token.Token<RMDelegationTokenIdentifier> hadoopToken =
        ConverterUtils.convertFromYarn(token, address);
    UserGroupInformation holder = UserGroupInformation.createRemoteUser("launcher");
    holder.addToken(hadoopToken);
    ApplicationClientProtocol asHolder =
        as(holder, () -> ClientRMProxy.createRMProxy(conf, ApplicationClientProtocol.class));
    UserGroupInformation oozie = UserGroupInformation.createRemoteUser("oozie");
    ApplicationClientProtocol asOozie =
        as(oozie, () -> ClientRMProxy.createRMProxy(conf, ApplicationClientProtocol.class));
    try {
      assertEquals(0, as(holder, () -> asHolder.getClusterMetrics(
          GetClusterMetricsRequest.newInstance())).getClusterMetrics().getNumNodeManagers());
      long expiry = as(oozie, () -> asOozie.renewDelegationToken(
          RenewDelegationTokenRequest.newInstance(token))).getNextExpirationTime();
      assertTrue(expiry > System.currentTimeMillis());
    } finally {
      RPC.stopProxy(asHolder);
      RPC.stopProxy(asOozie);
    }
  }

  private static <T> T as(UserGroupInformation ugi, PrivilegedExceptionAction<T> action)
      throws Exception {
    try {
      return ugi.doAs(action);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }
}
