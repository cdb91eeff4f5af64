package dev.spindle.rm.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputByteBuffer;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.*;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.ResourceTracker;
import org.apache.hadoop.yarn.server.api.ServerRMProxy;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;
import org.apache.hadoop.yarn.server.utils.BuilderUtils;

/**
 * A minimal NodeManager peer for RPC tests: it registers and heartbeats over the real
 * ResourceTracker protocol (when the test says so), and serves ContainerManagementProtocol
 * over real RPC, recording what the RM's AM launcher starts instead of running processes.
 * From a recorded launch the test takes the AMRM token, as a real AM would.
 */
public final class TestNode implements ContainerManagementProtocol, AutoCloseable {

  private final Server server;
  private final ResourceTracker tracker;
  public final NodeId nodeId;
  final RegisterNodeManagerResponse registration;
  final List<StartContainerRequest> started = Collections.synchronizedList(new ArrayList<>());
  final List<ContainerId> stopped = Collections.synchronizedList(new ArrayList<>());
  private int responseId;

  public TestNode(Configuration rmConf, int memoryMb) throws Exception {
    this(rmConf, Resource.newInstance(memoryMb, 8));
  }

  /** A node declaring {@code capability} (further resource types included). */
  public TestNode(Configuration rmConf, Resource capability) throws Exception {
    server = YarnRPC.create(rmConf).getServer(ContainerManagementProtocol.class, this,
        new InetSocketAddress("localhost", 0), rmConf, null, 2);
    server.start();
    nodeId = NodeId.newInstance("localhost", server.getListenerAddress().getPort());
    tracker = ServerRMProxy.createRMProxy(rmConf, ResourceTracker.class);
    registration = tracker.registerNodeManager(RegisterNodeManagerRequest.newInstance(nodeId,
        8042, capability, "3.5.0", List.of(), List.of()));
  }

  public NodeHeartbeatResponse heartbeat(ContainerStatus... statuses) throws Exception {
    NodeHeartbeatResponse r = heartbeatWithId(responseId, statuses);
    responseId = r.getResponseId();
    return r;
  }

  /** A heartbeat carrying {@code id} whatever the last response was (a resend, say). */
  NodeHeartbeatResponse heartbeatWithId(int id, ContainerStatus... statuses)
      throws Exception {
    NodeStatus status = NodeStatus.newInstance(nodeId, id, List.of(statuses),
        List.of(), NodeHealthStatus.newInstance(true, "", System.currentTimeMillis()), null,
        null, List.of());
    return tracker.nodeHeartbeat(NodeHeartbeatRequest.newInstance(status,
        registration.getContainerTokenMasterKey(), registration.getNMTokenMasterKey(), null));
  }

  void unregister() throws Exception {
    tracker.unRegisterNodeManager(
        org.apache.hadoop.yarn.server.api.protocolrecords.UnRegisterNodeManagerRequest
            .newInstance(nodeId));
  }

  /** Waits (polling, with a deadline) for the RM to start an AM here; returns its tokens. */
  public Credentials awaitAmCredentials() throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (started.isEmpty()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the RM never started an AM on " + nodeId);
      }
      Thread.sleep(20);
    }
    ByteBuffer tokens = started.get(0).getContainerLaunchContext().getTokens();
    Credentials credentials = new Credentials();
    DataInputByteBuffer in = new DataInputByteBuffer();
    in.reset(tokens.duplicate());
    credentials.readTokenStorageStream(in);
    return credentials;
  }

  @Override
  public void close() {
    server.stop();
    RPC.stopProxy(tracker);
  }

  // --- ContainerManagementProtocol ------------------------------------------------------

  @Override
  public StartContainersResponse startContainers(StartContainersRequest request)
      throws IOException {
    List<ContainerId> ids = new ArrayList<>();
    for (StartContainerRequest r : request.getStartContainerRequests()) {
      started.add(r);
      ids.add(BuilderUtils.newContainerTokenIdentifier(r.getContainerToken()).getContainerID());
    }
    return StartContainersResponse.newInstance(Map.of(), ids, Map.of());
  }

  @Override
  public StopContainersResponse stopContainers(StopContainersRequest request) {
    stopped.addAll(request.getContainerIds());
    return StopContainersResponse.newInstance(request.getContainerIds(), Map.of());
  }

  @Override
  public GetContainerStatusesResponse getContainerStatuses(GetContainerStatusesRequest r) {
    return GetContainerStatusesResponse.newInstance(List.of(), Map.of());
  }

  private static YarnException unsupported() {
    return new YarnException("not part of this test peer");
  }

  @Override
  public IncreaseContainersResourceResponse increaseContainersResource(
      IncreaseContainersResourceRequest request) throws YarnException {
    throw unsupported();
  }

  @Override
  public ContainerUpdateResponse updateContainer(ContainerUpdateRequest request)
      throws YarnException {
    throw unsupported();
  }

  @Override
  public SignalContainerResponse signalToContainer(SignalContainerRequest request)
      throws YarnException {
    throw unsupported();
  }

  @Override
  public ResourceLocalizationResponse localize(ResourceLocalizationRequest request)
      throws YarnException {
    throw unsupported();
  }

  @Override
  public ReInitializeContainerResponse reInitializeContainer(
      ReInitializeContainerRequest request) throws YarnException {
    throw unsupported();
  }

  @Override
  public RestartContainerResponse restartContainer(ContainerId containerId)
      throws YarnException {
    throw unsupported();
  }

  @Override
  public RollbackResponse rollbackLastReInitialization(ContainerId containerId)
      throws YarnException {
    throw unsupported();
  }

  @Override
  public CommitResponse commitLastReInitialization(ContainerId containerId)
      throws YarnException {
    throw unsupported();
  }

  @Override
  public GetLocalizationStatusesResponse getLocalizationStatuses(
      GetLocalizationStatusesRequest request) throws YarnException {
    throw unsupported();
  }
}
