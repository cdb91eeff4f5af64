package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.net.InetSocketAddress;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.CancelDelegationTokenRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterMetricsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RenewDelegationTokenRequest;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.client.RMDelegationTokenIdentifier;
import org.apache.hadoop.yarn.util.ConverterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RM delegation tokens on a simple-auth cluster: issue, authenticate with, renew, cancel. */
class DelegationTokenTest {

  private SpindleResourceManager rm;
  private YarnConfiguration conf;
  private YarnClient client;

  @BeforeEach
  void start() {
    rm = new SpindleResourceManager();
    rm.init(TestConf.ephemeral());
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
  }

  @AfterEach
  void stop() {
    client.stop();
    rm.stop();
  }

  private <T> T as(UserGroupInformation ugi, PrivilegedExceptionAction<T> action)
      throws Exception {
    try {
      return ugi.doAs(action);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void aTokenAuthenticatesItsHolderAndOnlyItsRenewerMayRenewIt() throws Exception {
    Token token = client.getRMDelegationToken(new Text("oozie"));
    assertEquals(RMDelegationTokenIdentifier.KIND_NAME.toString(), token.getKind());

    InetSocketAddress rmAddress = conf.getSocketAddr(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.DEFAULT_RM_ADDRESS, YarnConfiguration.DEFAULT_RM_PORT);
    org.apache.hadoop.security.token.Token<RMDelegationTokenIdentifier> hadoopToken =
        ConverterUtils.convertFromYarn(token, rmAddress);
    UserGroupInformation holder = UserGroupInformation.createRemoteUser("launcher");
    holder.addToken(hadoopToken);
    ApplicationClientProtocol asHolder = as(holder,
        () -> ClientRMProxy.createRMProxy(conf, ApplicationClientProtocol.class));
    try {
      assertEquals(0, as(holder, () -> asHolder.getClusterMetrics(
          GetClusterMetricsRequest.newInstance())).getClusterMetrics().getNumNodeManagers());
    } finally {
      RPC.stopProxy(asHolder);
    }

    UserGroupInformation oozie = UserGroupInformation.createRemoteUser("oozie");
    UserGroupInformation mallory = UserGroupInformation.createRemoteUser("mallory");
    ApplicationClientProtocol asOozie = as(oozie,
        () -> ClientRMProxy.createRMProxy(conf, ApplicationClientProtocol.class));
    ApplicationClientProtocol asMallory = as(mallory,
        () -> ClientRMProxy.createRMProxy(conf, ApplicationClientProtocol.class));
    try {
      long expiry = as(oozie, () -> asOozie.renewDelegationToken(
          RenewDelegationTokenRequest.newInstance(token))).getNextExpirationTime();
      assertTrue(expiry > System.currentTimeMillis());
      assertThrows(Exception.class, () -> as(mallory, () -> asMallory.renewDelegationToken(
          RenewDelegationTokenRequest.newInstance(token))));
      as(oozie, () -> asOozie.cancelDelegationToken(
          CancelDelegationTokenRequest.newInstance(token)));
      assertThrows(Exception.class, () -> as(oozie, () -> asOozie.renewDelegationToken(
          RenewDelegationTokenRequest.newInstance(token))), "a cancelled token is gone");
    } finally {
      RPC.stopProxy(asOozie);
      RPC.stopProxy(asMallory);
    }
  }
}
