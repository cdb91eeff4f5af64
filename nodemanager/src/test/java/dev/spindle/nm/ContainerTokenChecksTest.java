package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainerStatusesRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersResponse;
import org.apache.hadoop.yarn.api.protocolrecords.StopContainersRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.SerializedException;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.InvalidAuxServiceException;
import org.apache.hadoop.yarn.exceptions.InvalidContainerException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every startContainers check of yarn-compat 4.1, each refused with the exception class a
 * stock client sees from a stock NM, over real RPC with real tokens.
 */
class ContainerTokenChecksTest {
  @TempDir File tmp;
  private CmHarness h;
  private ContainerManagementProtocol am;
  private final ContainerLaunchContext sleep = clc("sleep 30");

  @BeforeEach
  void setUp() throws Exception {
    h = new CmHarness(tmp, new Configuration());
    am = h.proxy(h.attempt);
  }

  @AfterEach
  void tearDown() throws Exception {
    CmHarness.close(am);
    h.close();
  }

  private static ContainerLaunchContext clc(String cmd) {
    try {
      return CmHarness.launchContext(List.of(cmd), Map.of(), Map.of(), null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Exception failure(StartContainersResponse r, ContainerId id) {
    SerializedException se = r.getFailedRequests().get(id);
    assertTrue(se != null, "expected a failed request for " + id + " in " + r);
    return (Exception) se.deSerialize();
  }

  @Test
  void aValidTokenStartsTheContainer() throws Exception {
    ContainerId id = h.newContainerId();
    StartContainersResponse r = h.start(am, sleep, h.containerToken(id));
    assertEquals(List.of(id), r.getSuccessfullyStartedContainers());
    assertTrue(r.getFailedRequests().isEmpty());
  }

  @Test
  void aForgedPasswordFailsTheWholeCallWithInvalidToken() {
    ContainerId id = h.newContainerId();
    Token good = h.containerToken(id);
    Token forged = Token.newInstance(good.getIdentifier().array(), good.getKind(),
        new byte[20], good.getService());
    assertThrows(SecretManager.InvalidToken.class, () -> h.start(am, sleep, forged));
  }

  @Test
  void aTokenForAnotherNodeFailsWithInvalidToken() {
    ContainerId id = h.newContainerId();
    Token other = h.containerTokens.token(id, "127.0.0.1:1", CmHarness.USER,
        System.currentTimeMillis() + 60_000, CmHarness.RM_ID);
    SecretManager.InvalidToken e = assertThrows(SecretManager.InvalidToken.class,
        () -> h.start(am, sleep, other));
    assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
  }

  @Test
  void anExpiredTokenFailsTheRequestWithYarnException() throws Exception {
    ContainerId id = h.newContainerId();
    Token expired = h.containerTokens.token(id, h.ctx.nodeId().toString(), CmHarness.USER,
        System.currentTimeMillis() - 1_000, CmHarness.RM_ID);
    Exception e = failure(h.start(am, sleep, expired), id);
    assertEquals(YarnException.class, e.getClass());
    assertTrue(e.getMessage().contains("This token is expired"), e.getMessage());
  }

  @Test
  void aTokenFromAnotherRmIncarnationFailsWithInvalidContainerException() throws Exception {
    ContainerId id = h.newContainerId();
    Token old = h.containerTokens.token(id, h.ctx.nodeId().toString(), CmHarness.USER,
        System.currentTimeMillis() + 60_000, CmHarness.RM_ID - 1);
    Exception e = failure(h.start(am, sleep, old), id);
    assertEquals(InvalidContainerException.class, e.getClass());
    assertTrue(e.getMessage().contains("allocated by a previous RM"), e.getMessage());
  }

  @Test
  void aSecondStartOfTheSameContainerFails() throws Exception {
    ContainerId id = h.newContainerId();
    Token t = h.containerToken(id);
    assertEquals(List.of(id), h.start(am, sleep, t).getSuccessfullyStartedContainers());
    Exception e = failure(h.start(am, sleep, t), id);
    assertEquals(YarnException.class, e.getClass());
    assertTrue(e.getMessage().contains("Attempt to relaunch the same container"), e.getMessage());
  }

  @Test
  void serviceDataForAnUnknownAuxServiceFailsWithInvalidAuxServiceException() throws Exception {
    ContainerId id = h.newContainerId();
    ContainerLaunchContext c = clc("true");
    c.setServiceData(Map.of("no_such_service", ByteBuffer.wrap(new byte[] {1})));
    Exception e = failure(h.start(am, c, h.containerToken(id)), id);
    assertEquals(InvalidAuxServiceException.class, e.getClass());
    assertEquals("The auxService:no_such_service does not exist", e.getMessage());
  }

  @Test
  void aPreviousMasterKeyStillVerifiesAfterARoll() throws Exception {
    ContainerId id = h.newContainerId();
    Token signedWithOld = h.containerToken(id);
    h.containerTokens.roll();
    h.ctx.containerTokens().setMasterKey(h.containerTokens.key());
    assertEquals(List.of(id), h.start(am, sleep, signedWithOld)
        .getSuccessfullyStartedContainers());
  }

  @Test
  void anNmTokenOfAnotherAppCannotStartStopOrQueryTheContainer() throws Exception {
    ContainerId id = h.newContainerId();
    h.start(am, sleep, h.containerToken(id));
    ApplicationAttemptId stranger =
        ApplicationAttemptId.newInstance(ApplicationId.newInstance(1234L, 2), 1);
    ContainerManagementProtocol other = h.proxy(stranger);
    try {
      ContainerId id2 = h.newContainerId();
      Exception start = failure(h.start(other, sleep, h.containerToken(id2)), id2);
      assertTrue(start.getMessage().contains("Unauthorized request to start container"));
      Exception stop = (Exception) other.stopContainers(StopContainersRequest.newInstance(
          List.of(id))).getFailedRequests().get(id).deSerialize();
      assertTrue(stop.getMessage().contains("attempted to stop non-application container"));
      Exception status = (Exception) other.getContainerStatuses(
          GetContainerStatusesRequest.newInstance(List.of(id))).getFailedRequests().get(id)
          .deSerialize();
      assertTrue(status.getMessage().contains("non-application container"));
    } finally {
      CmHarness.close(other);
    }
  }

  @Test
  void aCallWithoutAnNmTokenIsRefusedByTheRpcLayer() throws Exception {
    InetSocketAddress addr = h.cms.getAddress();
    Configuration c = new YarnConfiguration(h.conf);
    c.setInt("ipc.client.connect.max.retries", 0);
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(h.attempt.toString());
    ContainerManagementProtocol p = ugi.doAs(
        (java.security.PrivilegedExceptionAction<ContainerManagementProtocol>) () ->
            (ContainerManagementProtocol) YarnRPC.create(c)
                .getProxy(ContainerManagementProtocol.class, addr, c));
    try {
      Exception e = assertThrows(Exception.class, () -> p.getContainerStatuses(
          GetContainerStatusesRequest.newInstance(List.of(h.newContainerId()))));
      String all = String.valueOf(e) + " " + String.valueOf(e.getCause());
      assertTrue(all.contains("TOKEN"), all);
    } finally {
      CmHarness.close(p);
    }
  }

  @Test
  void stopByTheAmReportsMinus105AndTheStockDiagnostics() throws Exception {
    ContainerId id = h.newContainerId();
    h.start(am, sleep, h.containerToken(id));
    assertTrue(am.stopContainers(StopContainersRequest.newInstance(List.of(id)))
        .getFailedRequests().isEmpty());
    var s = h.awaitComplete(am, id, Duration.ofSeconds(20));
    assertEquals(-105, s.getExitStatus());
    assertTrue(s.getDiagnostics().contains("Container killed by the ApplicationMaster."));
    Exception unknown = (Exception) am.stopContainers(StopContainersRequest.newInstance(
        List.of(h.newContainerId()))).getFailedRequests().values().iterator().next()
        .deSerialize();
    assertTrue(unknown.getMessage().contains("is not handled by this NodeManager"));
  }

  @Test
  void unsupportedCallsAnswerAYarnExceptionNamingTheCall() {
    YarnException e = assertThrows(YarnException.class, () -> am.signalToContainer(
        org.apache.hadoop.yarn.api.protocolrecords.SignalContainerRequest.newInstance(
            h.newContainerId(),
            org.apache.hadoop.yarn.api.records.SignalContainerCommand.OUTPUT_THREAD_DUMP)));
    assertTrue(e.getMessage().contains("signalToContainer"), e.getMessage());
  }
}
