package dev.spindle.rm.admin;

import dev.spindle.rm.rpc.Refusals;
import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.queues.HadoopUserGroups;
import dev.spindle.rm.queues.QueueService;
import dev.spindle.rm.queues.SchedulerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.security.authorize.ProxyUsers;
import org.apache.hadoop.yarn.api.records.DecommissionType;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;
import org.apache.hadoop.yarn.server.api.ResourceManagerAdministrationProtocol;
import org.apache.hadoop.yarn.server.api.protocolrecords.*;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ResourceManagerAdministrationProtocol on the RM core: queue, node-list, ACL and group
 * refreshes (what {@code yarn rmadmin} sends), each checked against the admin ACL first.
 */
public final class RmAdminProtocol implements ResourceManagerAdministrationProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(RmAdminProtocol.class);

  private final Configuration conf;
  private final EventLoop loop;
  private final RmCore core;
  private final QueueService queues;
  private final HadoopUserGroups groups;
  private final AdminAcl acl;

  public RmAdminProtocol(Configuration conf, EventLoop loop, RmCore core, QueueService queues,
      HadoopUserGroups groups) throws IOException {
    this.conf = conf;
    this.loop = loop;
    this.core = core;
    this.queues = queues;
    this.groups = groups;
    this.acl = new AdminAcl(conf);
    // The lists in force from the start: excluded hosts cannot register.
    HostLists lists = HostLists.read(conf);
    loop.post(() -> core.refreshNodes(lists, false, host -> 0));
  }

  @Override
  public RefreshQueuesResponse refreshQueues(RefreshQueuesRequest request)
      throws YarnException {
    String user = acl.check("refreshQueues").getShortUserName();
    Refusals.call(loop, () -> {
      queues.refreshQueues();
      return null;
    });
    LOG.info("refreshQueues by {} applied", user);
    return RefreshQueuesResponse.newInstance();
  }

  @Override
  public RefreshNodesResponse refreshNodes(RefreshNodesRequest request) throws YarnException {
    acl.check("refreshNodes");
    Configuration site = freshSite();
    HostLists lists;
    try {
      lists = HostLists.read(site);
    } catch (IOException e) {
      throw RPCUtil.getRemoteException(e);
    }
    boolean graceful = request.getDecommissionType() == DecommissionType.GRACEFUL;
    int requested = decommissionTimeoutSecs(site, request.getDecommissionTimeout());
    // A host's timeout in the XML exclude file wins over the request's (NodesListManager).
    Function<String, Integer> timeoutOf = host -> {
      Integer own = lists.timeoutSecs(host);
      return own != null ? own : requested;
    };
    Refusals.call(loop, () -> {
      core.refreshNodes(lists, graceful, timeoutOf);
      return null;
    });
    return RefreshNodesResponse.newInstance();
  }

  @Override
  public RefreshSuperUserGroupsConfigurationResponse refreshSuperUserGroupsConfiguration(
      RefreshSuperUserGroupsConfigurationRequest request) throws YarnException {
    acl.check("refreshSuperUserGroupsConfiguration");
    ProxyUsers.refreshSuperUserGroupsConfiguration(freshSite());
    return RefreshSuperUserGroupsConfigurationResponse.newInstance();
  }

  @Override
  public RefreshUserToGroupsMappingsResponse refreshUserToGroupsMappings(
      RefreshUserToGroupsMappingsRequest request) throws YarnException {
    acl.check("refreshUserToGroupsMappings");
    groups.refresh();
    return RefreshUserToGroupsMappingsResponse.newInstance();
  }

  @Override
  public RefreshAdminAclsResponse refreshAdminAcls(RefreshAdminAclsRequest request)
      throws YarnException {
    acl.check("refreshAdminAcls");
    acl.reload(freshSite());
    return RefreshAdminAclsResponse.newInstance();
  }

  @Override
  public RefreshServiceAclsResponse refreshServiceAcls(RefreshServiceAclsRequest request)
      throws YarnException {
    acl.check("refreshServiceAcls");
    if (!conf.getBoolean(
        CommonConfigurationKeysPublic.HADOOP_SECURITY_AUTHORIZATION, false)) {
      // The stock RM's answer when service-level authorization is off.
      throw RPCUtil.getRemoteException(new IOException("Service Authorization ("
          + CommonConfigurationKeysPublic.HADOOP_SECURITY_AUTHORIZATION + ") not enabled."));
    }
    throw unsupported("refreshServiceAcls with service-level authorization");
  }

  @Override
  public CheckForDecommissioningNodesResponse checkForDecommissioningNodes(
      CheckForDecommissioningNodesRequest request) throws YarnException {
    acl.check("checkForDecommissioningNodes");
    return CheckForDecommissioningNodesResponse.newInstance(
        new HashSet<>(Refusals.call(loop, core::decommissioningNodes)));
  }

  /** Seconds from the request (negative: wait for ever), else yarn-site's default. */
  private static int decommissionTimeoutSecs(Configuration site, Integer seconds) {
    return seconds != null ? seconds : site.getInt(
        YarnConfiguration.RM_NODE_GRACEFUL_DECOMMISSION_TIMEOUT,
        YarnConfiguration.DEFAULT_RM_NODE_GRACEFUL_DECOMMISSION_TIMEOUT);
  }

  @Override
  public String[] getGroupsForUser(String user) throws IOException {
    // As stock: the RM's own resolution; a user without groups gets none, not an error.
    return org.apache.hadoop.security.UserGroupInformation.createRemoteUser(user)
        .getGroupNames();
  }

  /**
   * yarn-site.xml as it is on disk now (the stock RM reloads it for ACL refreshes); the RM's
   * configuration when it was not read from a directory.
   */
  private Configuration freshSite() {
    String dir = conf.getTrimmed(SchedulerFiles.CONF_DIR_KEY, "");
    Path site = dir.isEmpty() ? null : Path.of(dir, "yarn-site.xml");
    if (site == null || !Files.isRegularFile(site)) {
      return conf;
    }
    Configuration fresh = new Configuration(conf);
    fresh.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
    fresh.reloadConfiguration();
    return fresh;
  }

  private static YarnException unsupported(String what) {
    return new YarnException("Spindle does not support " + what + " yet");
  }

  @Override
  public UpdateNodeResourceResponse updateNodeResource(UpdateNodeResourceRequest request)
      throws YarnException {
    throw unsupported("updateNodeResource");
  }

  @Override
  public RefreshNodesResourcesResponse refreshNodesResources(
      RefreshNodesResourcesRequest request) throws YarnException {
    throw unsupported("refreshNodesResources");
  }

  @Override
  public AddToClusterNodeLabelsResponse addToClusterNodeLabels(
      AddToClusterNodeLabelsRequest request) throws YarnException {
    throw unsupported("node labels");
  }

  @Override
  public RemoveFromClusterNodeLabelsResponse removeFromClusterNodeLabels(
      RemoveFromClusterNodeLabelsRequest request) throws YarnException {
    throw unsupported("node labels");
  }

  @Override
  public ReplaceLabelsOnNodeResponse replaceLabelsOnNode(ReplaceLabelsOnNodeRequest request)
      throws YarnException {
    throw unsupported("node labels");
  }

  @Override
  public RefreshClusterMaxPriorityResponse refreshClusterMaxPriority(
      RefreshClusterMaxPriorityRequest request) throws YarnException {
    throw unsupported("refreshClusterMaxPriority");
  }

  @Override
  public NodesToAttributesMappingResponse mapAttributesToNodes(
      NodesToAttributesMappingRequest request) throws YarnException {
    throw unsupported("node attributes");
  }

  @Override
  public DeregisterSubClusterResponse deregisterSubCluster(DeregisterSubClusterRequest request)
      throws YarnException {
    throw unsupported("federation");
  }

  @Override
  public SaveFederationQueuePolicyResponse saveFederationQueuePolicy(
      SaveFederationQueuePolicyRequest request) throws YarnException {
    throw unsupported("federation");
  }

  @Override
  public BatchSaveFederationQueuePoliciesResponse batchSaveFederationQueuePolicies(
      BatchSaveFederationQueuePoliciesRequest request) throws YarnException {
    throw unsupported("federation");
  }

  @Override
  public QueryFederationQueuePoliciesResponse listFederationQueuePolicies(
      QueryFederationQueuePoliciesRequest request) throws YarnException {
    throw unsupported("federation");
  }

  @Override
  public DeleteFederationApplicationResponse deleteFederationApplication(
      DeleteFederationApplicationRequest request) throws YarnException {
    throw unsupported("federation");
  }

  @Override
  public GetSubClustersResponse getFederationSubClusters(GetSubClustersRequest request)
      throws YarnException {
    throw unsupported("federation");
  }

  @Override
  public DeleteFederationQueuePoliciesResponse deleteFederationPoliciesByQueues(
      DeleteFederationQueuePoliciesRequest request) throws YarnException {
    throw unsupported("federation");
  }
}
