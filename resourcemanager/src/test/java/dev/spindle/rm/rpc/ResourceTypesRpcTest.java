package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.ResourceTypeInfo;
import org.apache.hadoop.yarn.api.records.impl.pb.ApplicationSubmissionContextPBImpl;
import org.apache.hadoop.yarn.api.records.impl.pb.ResourceRequestPBImpl;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.proto.YarnProtos.PriorityProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceInformationProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceRequestProto;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A GPU resource type ({@code yarn.resource-types=yarn.io/gpu}) over real RPC: a node
 * declaring two GPUs, an AM on the stock AMRMClient asking for them, and the stock YarnClient
 * reading node and application reports.
 */
class ResourceTypesRpcTest {

  private static final String GPU = "yarn.io/gpu";

  private SpindleResourceManager rm;
  private YarnClient client;
  private TestNode node;
  private YarnConfiguration conf;
  private ApplicationId app;
  private UserGroupInformation am;

  private static Resource gpus(long memoryMb, int vcores, long gpus) {
    Resource r = Resource.newInstance(memoryMb, vcores);
    r.setResourceValue(GPU, gpus);
    return r;
  }

  @BeforeEach
  void start() throws Exception {
    YarnConfiguration base = TestConf.ephemeral();
    base.set(YarnConfiguration.RESOURCE_TYPES, GPU);
    rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    conf = new YarnConfiguration(rm.getConfig());
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    node = new TestNode(conf, gpus(8192, 8, 2));

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
    // The types are JVM-wide (Hadoop's registry): leave the default ones to later tests.
    ResourceUtils.resetResourceTypes(new YarnConfiguration());
  }

  private <T> T asAm(PrivilegedExceptionAction<T> action) throws Exception {
    try {
      return am.doAs(action);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  private ApplicationMasterProtocol rawProxy() throws Exception {
    return am.doAs((PrivilegedExceptionAction<ApplicationMasterProtocol>)
        () -> ClientRMProxy.createRMProxy(conf, ApplicationMasterProtocol.class));
  }

  @Test
  void aGpuAskIsAllocatedWithTheGpuAndShowsInReports() throws Exception {
    Set<String> types = client.getResourceTypeInfo().stream()
        .map(ResourceTypeInfo::getName).collect(Collectors.toSet());
    assertEquals(Set.of("memory-mb", "vcores", GPU), types);

    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(conf);
    asAm(() -> {
      amrm.start();
      return null;
    });
    try {
      RegisterApplicationMasterResponse reg =
          asAm(() -> amrm.registerApplicationMaster("am-host", 1234, ""));
      // The configured maximum is unbounded; the largest node has two.
      assertEquals(2, reg.getMaximumResourceCapability().getResourceValue(GPU));

      amrm.addContainerRequest(new ContainerRequest(gpus(1024, 1, 1), null, null,
          Priority.newInstance(1)));
      AllocateResponse r = asAm(() -> amrm.allocate(0.1f));
      List<Container> got = r.getAllocatedContainers();
      assertEquals(1, got.size());
      Container c = got.get(0);
      assertEquals(1, c.getResource().getResourceValue(GPU));
      ContainerTokenIdentifier token = new ContainerTokenIdentifier();
      token.readFields(new DataInputStream(new ByteArrayInputStream(
          c.getContainerToken().getIdentifier().array())));
      assertEquals(1, token.getResource().getResourceValue(GPU),
          "the NM enforces what the container token says");

      NodeReport report = client.getNodeReports().get(0);
      assertEquals(2, report.getCapability().getResourceValue(GPU));
      assertEquals(1, report.getUsed().getResourceValue(GPU));
      // AM (1 GB, no GPU) + the GPU container.
      assertEquals(gpus(2048, 2, 1), report.getUsed());

      var usage = client.getApplicationReport(app).getApplicationResourceUsageReport();
      assertEquals(1, usage.getUsedResources().getResourceValue(GPU));
      assertEquals(1, usage.getNeededResources().getResourceValue(GPU));
    } finally {
      amrm.stop();
    }
  }

  @Test
  void anAskForMoreGpusThanAnyNodeHasIsRefused() throws Exception {
    ApplicationMasterProtocol proxy = rawProxy();
    try {
      asAm(() -> proxy.registerApplicationMaster(
          RegisterApplicationMasterRequest.newInstance("h", 1, "")));
      ResourceRequest three = ResourceRequest.newInstance(Priority.newInstance(1),
          ResourceRequest.ANY, gpus(1024, 1, 3), 1);
      InvalidResourceRequestException e = assertThrows(InvalidResourceRequestException.class,
          () -> asAm(() -> proxy.allocate(
              AllocateRequest.newInstance(0, 0f, List.of(three), List.of(), null))));
      // The type enum does not cross RPC (the client rebuilds the exception from its text).
      assertTrue(e.getMessage().contains("greater than maximum allowed allocation. Requested"
          + " resource type=[" + GPU + "]"), e.getMessage());

      // Two fit the largest node and are placed; the AM carries on.
      ResourceRequest two = ResourceRequest.newInstance(Priority.newInstance(1),
          ResourceRequest.ANY, gpus(1024, 1, 2), 1);
      AllocateResponse ok = asAm(() -> proxy.allocate(
          AllocateRequest.newInstance(0, 0f, List.of(two), List.of(), null)));
      assertEquals(1, ok.getAllocatedContainers().size());
      assertEquals(2, ok.getAllocatedContainers().get(0).getResource().getResourceValue(GPU));
    } finally {
      RPC.stopProxy(proxy);
    }
  }

  @Test
  void anAskForAnUndeclaredTypeIsRefusedNotDropped() throws Exception {
    // This JVM's records cannot name an undeclared type, so the ask is built as raw
    // protobuf, as a client with another resource-types.xml would send it.
    ResourceProto fpga = ResourceProto.newBuilder().setMemory(1024).setVirtualCores(1)
        .addResourceValueMap(ResourceInformationProto.newBuilder()
            .setKey("yarn.io/fpga").setValue(1).setUnits(""))
        .build();
    ResourceRequest ask = new ResourceRequestPBImpl(ResourceRequestProto.newBuilder()
        .setPriority(PriorityProto.newBuilder().setPriority(1))
        .setResourceName(ResourceRequest.ANY).setCapability(fpga).setNumContainers(1)
        .build());
    ApplicationMasterProtocol proxy = rawProxy();
    try {
      asAm(() -> proxy.registerApplicationMaster(
          RegisterApplicationMasterRequest.newInstance("h", 1, "")));
      InvalidResourceRequestException e = assertThrows(InvalidResourceRequestException.class,
          () -> asAm(() -> proxy.allocate(
              AllocateRequest.newInstance(0, 0f, List.of(ask), List.of(), null))));
      assertTrue(e.getMessage().contains("type=[yarn.io/fpga] is not a resource type"),
          e.getMessage());
    } finally {
      RPC.stopProxy(proxy);
    }

    // The same for the AM container of a submission.
    ApplicationSubmissionContext ctx =
        ClientRmServiceTest.context(client.createApplication(), 1024);
    ApplicationSubmissionContext raw = new ApplicationSubmissionContextPBImpl(
        ((ApplicationSubmissionContextPBImpl) ctx).getProto().toBuilder().setResource(fpga)
            .build());
    InvalidResourceRequestException e = assertThrows(InvalidResourceRequestException.class,
        () -> client.submitApplication(raw));
    assertTrue(e.getMessage().contains("yarn.io/fpga"), e.getMessage());
  }
}
