package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AM-RM protocol over real RPC: an AM authenticated by the AMRM token the RM put into its
 * launch context (taken from a test NodeManager peer), through the stock AMRMClient and the
 * raw protocol.
 */
class AmRmServiceTest {

  private SpindleResourceManager rm;
  private YarnClient client;
  private TestNode node;
  private YarnConfiguration conf;
  private ApplicationId app;
  private UserGroupInformation am;

  @BeforeEach
  void start() throws Exception {
    YarnConfiguration base = TestConf.ephemeral();
    base.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
    rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    node = new TestNode(conf, 8192);

    ApplicationSubmissionContext ctx =
        ClientRmServiceTest.context(client.createApplication(), 1024);
    app = ctx.getApplicationId();
    client.submitApplication(ctx);
    Credentials credentials = node.awaitAmCredentials();
    am = UserGroupInformation.createRemoteUser("am");
    am.addCredentials(credentials);
  }

  @AfterEach
  void stop() {
    node.close();
    client.stop();
    rm.stop();
  }

  /** Runs as the AM, rethrowing the remote exception itself (doAs wraps YarnExceptions). */
  private <T> T asAm(PrivilegedExceptionAction<T> action) throws Exception {
    try {
      return am.doAs(action);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  private ApplicationMasterProtocol rawProxy(UserGroupInformation ugi) throws Exception {
    return ugi.doAs((PrivilegedExceptionAction<ApplicationMasterProtocol>)
        () -> ClientRMProxy.createRMProxy(conf, ApplicationMasterProtocol.class));
  }

  @Test
  void theStockAmrmClientRegistersAllocatesAndUnregisters() throws Exception {
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(conf);
    // The RM proxy is created at start() from the current user: it must be the AM's.
    asAm(() -> {
      amrm.start();
      return null;
    });
    try {
      RegisterApplicationMasterResponse reg = asAm(
          () -> amrm.registerApplicationMaster("am-host", 1234, "http://am-host/"));
      assertEquals(4096, reg.getMaximumResourceCapability().getMemorySize());
      assertEquals("root.default", reg.getQueue());
      assertEquals(YarnApplicationState.RUNNING,
          client.getApplicationReport(app).getYarnApplicationState());
      assertEquals("am-host", client.getApplicationReport(app).getHost());

      amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(512, 1), null, null,
          Priority.newInstance(1)));
      amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(512, 1), null, null,
          Priority.newInstance(1)));
      AllocateResponse r = asAm(() -> amrm.allocate(0.5f));
      List<Container> got = r.getAllocatedContainers();
      assertEquals(2, got.size(), "asks are placed right away, not at the next heartbeat");
      assertEquals(1024, got.get(0).getResource().getMemorySize());
      assertEquals(1, r.getNMTokens().size());
      assertEquals(node.nodeId, r.getNMTokens().get(0).getNodeId());
      assertEquals(1, r.getNumClusterNodes());

      asAm(() -> {
        amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "ok", null);
        return null;
      });
      assertEquals(YarnApplicationState.FINISHED,
          client.getApplicationReport(app).getYarnApplicationState());
      assertEquals(FinalApplicationStatus.SUCCEEDED,
          client.getApplicationReport(app).getFinalApplicationStatus());
    } finally {
      amrm.stop();
    }
  }

  @Test
  void anAskAboveTheMaximumIsRejectedAndTheAmCarriesOn() throws Exception {
    ApplicationMasterProtocol proxy = rawProxy(am);
    try {
      asAm(() -> proxy.registerApplicationMaster(
          org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest
              .newInstance("h", 1, "")));
      ResourceRequest tooBig = ResourceRequest.newInstance(Priority.newInstance(1),
          ResourceRequest.ANY, Resource.newInstance(5000, 1), 1);
      assertThrows(InvalidResourceRequestException.class, () -> asAm(() -> proxy.allocate(
          AllocateRequest.newInstance(0, 0f, List.of(tooBig), List.of(), null))));
      AllocateResponse ok = asAm(() -> proxy.allocate(
          AllocateRequest.newInstance(0, 0f, List.of(), List.of(), null)));
      assertEquals(1, ok.getResponseId(), "the rejected call did not advance the sequence");
    } finally {
      RPC.stopProxy(proxy);
    }
  }

  @Test
  void aRetriedAllocateGetsTheSameContainersAndUpdatesAreRefusedByTheAdapter()
      throws Exception {
    ApplicationMasterProtocol proxy = rawProxy(am);
    try {
      asAm(() -> proxy.registerApplicationMaster(
          org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest
              .newInstance("h", 1, "")));
      ResourceRequest one = ResourceRequest.newInstance(Priority.newInstance(1),
          ResourceRequest.ANY, Resource.newInstance(512, 1), 1);
      AllocateResponse first = asAm(() -> proxy.allocate(
          AllocateRequest.newInstance(0, 0f, List.of(one), List.of(), null)));
      // The retry (a lost reply) carries the same id: the same content comes back.
      AllocateResponse again = asAm(() -> proxy.allocate(
          AllocateRequest.newInstance(0, 0f, List.of(one), List.of(), null)));
      assertEquals(1, first.getResponseId());
      assertEquals(1, again.getResponseId());
      assertEquals(1, first.getAllocatedContainers().size());
      Container c = first.getAllocatedContainers().get(0);
      Container c2 = again.getAllocatedContainers().get(0);
      assertEquals(c.getId(), c2.getId());
      assertEquals(node.nodeId, c.getNodeId());
      assertEquals(1, again.getNMTokens().size());
      org.apache.hadoop.yarn.security.ContainerTokenIdentifier token =
          org.apache.hadoop.yarn.server.utils.BuilderUtils.newContainerTokenIdentifier(
              c2.getContainerToken());
      assertEquals(c.getId(), token.getContainerID());
      assertEquals(node.nodeId.toString(), token.getNmHostAddress());
      assertEquals(org.apache.hadoop.yarn.server.api.ContainerType.TASK,
          token.getContainerType());
      assertEquals(1, token.getPriority().getPriority());
      assertTrue(token.getExpiryTimeStamp() > System.currentTimeMillis());

      AllocateRequest update = AllocateRequest.newInstance(1, 0f, List.of(), List.of(), null);
      update.setUpdateRequests(List.of(
          org.apache.hadoop.yarn.api.records.UpdateContainerRequest.newInstance(0, c.getId(),
              org.apache.hadoop.yarn.api.records.ContainerUpdateType.INCREASE_RESOURCE,
              Resource.newInstance(1024, 1), null)));
      AllocateResponse refused = asAm(() -> proxy.allocate(update));
      assertEquals(1, refused.getUpdateErrors().size());
      assertTrue(refused.getUpdateErrors().get(0).getReason()
          .contains("does not support container updates"));
    } finally {
      RPC.stopProxy(proxy);
    }
  }

  @Test
  void anAllocateBeforeRegistrationGetsNotRegistered() throws Exception {
    ApplicationMasterProtocol proxy = rawProxy(am);
    try {
      assertThrows(ApplicationMasterNotRegisteredException.class, () -> asAm(() ->
          proxy.allocate(AllocateRequest.newInstance(0, 0f, List.of(), List.of(), null))));
      assertEquals(YarnApplicationState.ACCEPTED,
          client.getApplicationReport(app).getYarnApplicationState());
    } finally {
      RPC.stopProxy(proxy);
    }
  }

  @Test
  void anAllocateWithoutAValidAmrmTokenIsRefused() throws Exception {
    UserGroupInformation stranger = UserGroupInformation.createRemoteUser("stranger");
    ApplicationMasterProtocol noToken = rawProxy(stranger);
    try {
      Exception e = assertThrows(Exception.class, () -> stranger.doAs(
          (PrivilegedExceptionAction<AllocateResponse>) () -> noToken.allocate(
              AllocateRequest.newInstance(0, 0f, List.of(), List.of(), null))));
      assertTrue(String.valueOf(e.getMessage()).contains("TOKEN"), e.toString());
    } finally {
      RPC.stopProxy(noToken);
    }

    // A token with the right identifier but a forged password is refused too.
    Token<AMRMTokenIdentifier> real = null;
    for (Token<?> t : am.getTokens()) {
      if (t.getKind().equals(AMRMTokenIdentifier.KIND_NAME)) {
        @SuppressWarnings("unchecked")
        Token<AMRMTokenIdentifier> cast = (Token<AMRMTokenIdentifier>) t;
        real = cast;
      }
    }
    UserGroupInformation forger = UserGroupInformation.createRemoteUser("forger");
    forger.addToken(new Token<>(real.getIdentifier(), new byte[20], real.getKind(),
        real.getService()));
    ApplicationMasterProtocol forged = rawProxy(forger);
    try {
      assertThrows(Exception.class, () -> forger.doAs(
          (PrivilegedExceptionAction<AllocateResponse>) () -> forged.allocate(
              AllocateRequest.newInstance(0, 0f, List.of(), List.of(), null))));
    } finally {
      RPC.stopProxy(forged);
    }
    assertEquals(YarnApplicationState.ACCEPTED,
        client.getApplicationReport(app).getYarnApplicationState(), "the RM still serves");
  }
}
