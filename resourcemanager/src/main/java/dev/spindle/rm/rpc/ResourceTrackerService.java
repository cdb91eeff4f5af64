package dev.spindle.rm.rpc;

import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.NodeHeartbeat;
import dev.spindle.rm.core.NodeRegistration;
import dev.spindle.rm.core.RegistrationResult;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.security.MasterKeys;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.ResourceTracker;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.UnRegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.UnRegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.util.Records;
import org.apache.hadoop.yarn.util.YarnVersionInfo;

/**
 * The NM-RM protocol adapter (yarn.resourcemanager.resource-tracker.address): turns node
 * registrations and heartbeats into the core's commands, runs them on the core's event loop,
 * and turns the core's answers into the Hadoop responses (yarn-compat 3). The token master
 * keys the NMs need are added here: they are the secret managers', not the core's.
 */
public class ResourceTrackerService extends AbstractService implements ResourceTracker {

  private final EventLoop loop;
  private final RmCore core;
  private final MasterKeys containerKeys;
  private final MasterKeys nmKeys;
  private Server server;

  public ResourceTrackerService(EventLoop loop, RmCore core, MasterKeys containerKeys,
      MasterKeys nmKeys) {
    super(ResourceTrackerService.class.getSimpleName());
    this.loop = loop;
    this.core = core;
    this.containerKeys = containerKeys;
    this.nmKeys = nmKeys;
  }

  @Override
  protected void serviceStart() throws Exception {
    Configuration conf = getConfig();
    server = RpcServers.start(ResourceTracker.class, this, conf, conf,
        YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_RESOURCE_TRACKER_PORT, null,
        conf.getInt(YarnConfiguration.RM_RESOURCE_TRACKER_CLIENT_THREAD_COUNT,
            YarnConfiguration.DEFAULT_RM_RESOURCE_TRACKER_CLIENT_THREAD_COUNT));
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    if (server != null) {
      server.stop();
    }
    super.serviceStop();
  }

  @Override
  public RegisterNodeManagerResponse registerNodeManager(RegisterNodeManagerRequest request)
      throws YarnException {
    UnknownResourceTypes.warnUnknown(request);
    NodeRegistration registration = NodeCommands.registration(request);
    RegistrationResult result = Refusals.call(loop, () -> core.registerNode(registration));
    RegisterNodeManagerResponse response = Records.newRecord(RegisterNodeManagerResponse.class);
    if (!result.accepted()) {
      response.setNodeAction(NodeAction.SHUTDOWN);
      response.setDiagnosticsMessage(result.diagnostics());
      return response;
    }
    response.setNodeAction(NodeAction.NORMAL);
    response.setContainerTokenMasterKey(containerKeys.currentKey());
    response.setNMTokenMasterKey(nmKeys.currentKey());
    response.setRMIdentifier(core.settings().clusterTimestamp());
    response.setRMVersion(YarnVersionInfo.getVersion());
    return response;
  }


  /** Where nodeHeartbeat latencies go (rm.metrics); a private timer until one is set. */
  private volatile com.codahale.metrics.Timer latency = new com.codahale.metrics.Timer();

  /** Measures every nodeHeartbeat call with {@code timer} (set before the service starts). */
  public void measureWith(com.codahale.metrics.Timer timer) {
    this.latency = timer;
  }

  @Override
  public NodeHeartbeatResponse nodeHeartbeat(NodeHeartbeatRequest request)
      throws YarnException {
    try (var timed = latency.time()) {
      NodeHeartbeat heartbeat =
          NodeCommands.heartbeat(request, core.settings().logAggregationEnabled());
      return HeartbeatResponses.of(Refusals.call(loop, () -> core.nodeHeartbeat(heartbeat)),
          request, containerKeys, nmKeys);
    }
  }

  @Override
  public UnRegisterNodeManagerResponse unRegisterNodeManager(
      UnRegisterNodeManagerRequest request) throws YarnException {
    Refusals.call(loop, () -> {
      core.unregisterNode(request.getNodeId());
      return null;
    });
    return Records.newRecord(UnRegisterNodeManagerResponse.class);
  }
}
