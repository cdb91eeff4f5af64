package dev.spindle.rm.rpc;

import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.RmCore;
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
import org.apache.hadoop.yarn.util.Records;

/**
 * The NM-RM protocol adapter (yarn.resourcemanager.resource-tracker.address): passes node
 * registrations and heartbeats to the core's event loop (yarn-compat 3).
 */
public class ResourceTrackerService extends AbstractService implements ResourceTracker {

  private final EventLoop loop;
  private final RmCore core;
  private Server server;

  public ResourceTrackerService(EventLoop loop, RmCore core) {
    super(ResourceTrackerService.class.getSimpleName());
    this.loop = loop;
    this.core = core;
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
    return Refusals.call(loop, () -> core.registerNode(request));
  }

  @Override
  public NodeHeartbeatResponse nodeHeartbeat(NodeHeartbeatRequest request)
      throws YarnException {
    return Refusals.call(loop, () -> core.nodeHeartbeat(request));
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
