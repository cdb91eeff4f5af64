package dev.spindle.rm.rpc;

import dev.spindle.rm.core.AppFilter;
import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.Refusal;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.security.RmDelegationTokenSecretManager;
import dev.spindle.scheduler.SchedulerSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.QueueUserACLInfo;
import org.apache.hadoop.yarn.api.protocolrecords.ApplicationsRequestScope;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.commons.lang3.Range;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.*;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationIdNotProvidedException;
import org.apache.hadoop.yarn.exceptions.YARNFeatureNotEnabledException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;
import org.apache.hadoop.yarn.security.client.RMDelegationTokenIdentifier;
import org.apache.hadoop.yarn.util.Clock;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * The Client-RM protocol adapter (yarn.resourcemanager.address): checks and translates each
 * call, runs it on the core's event loop and answers with the records and exception classes
 * stock clients expect (yarn-compat 1). Holds no RM state.
 */
public class ClientRmService extends AbstractService implements ApplicationClientProtocol {

  private final EventLoop loop;
  private final RmCore core;
  private final Clock clock;
  private final SchedulerSettings schedulerSettings;
  private final RmDelegationTokenSecretManager delegationTokens;
  private Server server;

  public ClientRmService(EventLoop loop, RmCore core, Clock clock,
      SchedulerSettings schedulerSettings, RmDelegationTokenSecretManager delegationTokens) {
    super(ClientRmService.class.getSimpleName());
    this.loop = loop;
    this.core = core;
    this.clock = clock;
    this.schedulerSettings = schedulerSettings;
    this.delegationTokens = delegationTokens;
  }

  @Override
  protected void serviceStart() throws Exception {
    Configuration conf = getConfig();
    delegationTokens.startThreads();
    // Clients may authenticate with an RM delegation token as well as the cluster's auth.
    server = RpcServers.start(ApplicationClientProtocol.class, this, conf, conf,
        YarnConfiguration.RM_ADDRESS, YarnConfiguration.DEFAULT_RM_ADDRESS,
        YarnConfiguration.DEFAULT_RM_PORT, delegationTokens,
        conf.getInt(YarnConfiguration.RM_CLIENT_THREAD_COUNT,
            YarnConfiguration.DEFAULT_RM_CLIENT_THREAD_COUNT));
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (delegationTokens.isRunning()) {
      delegationTokens.stopThreads();
    }
    super.serviceStop();
  }

  private static String caller() throws YarnException {
    return callerUgi().getShortUserName();
  }

  private static UserGroupInformation callerUgi() throws YarnException {
    try {
      return UserGroupInformation.getCurrentUser();
    } catch (IOException e) {
      throw RPCUtil.getRemoteException(e);
    }
  }

  /** Stock's refusal of a change without MODIFY_APP, as clients unwrap it. */
  private static void checkModify(RmCore core, UserGroupInformation caller, ApplicationId id)
      throws Refusal {
    if (!core.mayAccess(caller, ApplicationAccessType.MODIFY_APP, id)) {
      throw new Refusal(Refusal.Kind.ACCESS_DENIED, "User " + caller.getShortUserName()
          + " cannot perform operation " + ApplicationAccessType.MODIFY_APP.name() + " on "
          + id);
    }
  }

  /** Stock's refusal to show attempts and containers without VIEW_APP. */
  private static void checkView(RmCore core, UserGroupInformation caller, ApplicationId id,
      String what) throws Refusal {
    if (!core.mayAccess(caller, ApplicationAccessType.VIEW_APP, id)) {
      throw new Refusal(Refusal.Kind.REFUSED, "User " + caller.getShortUserName()
          + " does not have privilege to see this " + what);
    }
  }

  // --- applications ---------------------------------------------------------------------

  @Override
  public GetNewApplicationResponse getNewApplication(GetNewApplicationRequest request)
      throws YarnException {
    ApplicationId id = Refusals.call(loop, core::newApplicationId);
    return GetNewApplicationResponse.newInstance(id,
        AskValidator.toResource(schedulerSettings.minimumAllocation()),
        AskValidator.toResource(core.maximumAllocation()));
  }


  /** Where submitApplication latencies go (rm.metrics); a private timer until one is set. */
  private volatile com.codahale.metrics.Timer latency = new com.codahale.metrics.Timer();

  /** Measures every submitApplication call with {@code timer} (set before the service starts). */
  public void measureWith(com.codahale.metrics.Timer timer) {
    this.latency = timer;
  }

  @Override
  public SubmitApplicationResponse submitApplication(SubmitApplicationRequest request)
      throws YarnException {
    try (var timed = latency.time()) {
      var submission = new SubmissionValidator(getConfig(), core, schedulerSettings)
          .validate(request.getApplicationSubmissionContext(), caller(), clock.getTime());
      Refusals.call(loop, () -> {
        core.checkIssued(submission.appId());
        core.checkSubmitAccess(submission);
        core.submit(submission);
        return null;
      });
      return SubmitApplicationResponse.newInstance();
    }
  }

  @Override
  public KillApplicationResponse forceKillApplication(KillApplicationRequest request)
      throws YarnException {
    ApplicationId id = request.getApplicationId();
    if (id == null) {
      throw new ApplicationIdNotProvidedException("Invalid input: applicationId is null");
    }
    String message = "Application " + id + " was killed by user " + caller() + " at "
        + Server.getRemoteAddress();
    if (request.getDiagnostics() != null && !request.getDiagnostics().isEmpty()) {
      message += " with diagnostic message: " + request.getDiagnostics();
    }
    String diagnostics = message;
    UserGroupInformation ugi = callerUgi();
    boolean done = Refusals.call(loop, () -> {
      checkModify(core, ugi, id);
      return core.kill(id, diagnostics);
    });
    return KillApplicationResponse.newInstance(done);
  }

  @Override
  public GetApplicationReportResponse getApplicationReport(GetApplicationReportRequest request)
      throws YarnException {
    ApplicationId id = request.getApplicationId();
    if (id == null) {
      throw new ApplicationIdNotProvidedException("Invalid input: applicationId is null");
    }
    UserGroupInformation caller = callerUgi();
    return GetApplicationReportResponse.newInstance(ReportRecords.app(
        Refusals.call(loop, () -> core.application(id, caller)), clock.getTime()));
  }

  @Override
  public GetApplicationsResponse getApplications(GetApplicationsRequest request)
      throws YarnException {
    EnumSet<YarnApplicationState> states =
        request.getApplicationStates() == null || request.getApplicationStates().isEmpty()
            ? EnumSet.noneOf(YarnApplicationState.class)
            : EnumSet.copyOf(request.getApplicationStates());
    Range<Long> start = request.getStartRange();
    Range<Long> finish = request.getFinishRange();
    AppFilter filter = new AppFilter(request.getApplicationTypes(), states,
        request.getQueues(), request.getUsers(), request.getApplicationTags(),
        request.getName(),
        start == null ? 0 : start.getMinimum(), start == null ? Long.MAX_VALUE
            : start.getMaximum(),
        finish == null ? 0 : finish.getMinimum(), finish == null ? Long.MAX_VALUE
            : finish.getMaximum(),
        request.getLimit() <= 0 ? Long.MAX_VALUE : request.getLimit());
    UserGroupInformation caller = callerUgi();
    boolean viewableOnly = request.getScope() == ApplicationsRequestScope.VIEWABLE;
    long now = clock.getTime();
    return GetApplicationsResponse.newInstance(
        Refusals.call(loop, () -> core.applications(filter, caller, viewableOnly)).stream()
            .map(a -> ReportRecords.app(a, now)).toList());
  }

  @Override
  public GetApplicationAttemptReportResponse getApplicationAttemptReport(
      GetApplicationAttemptReportRequest request) throws YarnException {
    UserGroupInformation ugi = callerUgi();
    return GetApplicationAttemptReportResponse.newInstance(ReportRecords.attempt(
        Refusals.call(loop, () -> {
          var id = request.getApplicationAttemptId();
          if (id != null) {
            checkView(core, ugi, id.getApplicationId(), "attempt " + id);
          }
          return core.attempt(id);
        })));
  }

  @Override
  public GetApplicationAttemptsResponse getApplicationAttempts(
      GetApplicationAttemptsRequest request) throws YarnException {
    UserGroupInformation ugi = callerUgi();
    return GetApplicationAttemptsResponse.newInstance(
        Refusals.call(loop, () -> {
          if (request.getApplicationId() != null) {
            checkView(core, ugi, request.getApplicationId(),
                "application " + request.getApplicationId());
          }
          return core.attempts(request.getApplicationId());
        }).stream().map(ReportRecords::attempt).toList());
  }

  @Override
  public GetContainerReportResponse getContainerReport(GetContainerReportRequest request)
      throws YarnException {
    UserGroupInformation ugi = callerUgi();
    return GetContainerReportResponse.newInstance(ReportRecords.container(
        Refusals.call(loop, () -> {
          var id = request.getContainerId();
          if (id != null) {
            ApplicationId app = id.getApplicationAttemptId().getApplicationId();
            checkView(core, ugi, app, "application " + app);
          }
          return core.container(id);
        })));
  }

  @Override
  public GetContainersResponse getContainers(GetContainersRequest request)
      throws YarnException {
    UserGroupInformation ugi = callerUgi();
    return GetContainersResponse.newInstance(
        Refusals.call(loop, () -> {
          var id = request.getApplicationAttemptId();
          if (id != null) {
            checkView(core, ugi, id.getApplicationId(), "application " + id.getApplicationId());
          }
          return core.containers(id);
        }).stream().map(ReportRecords::container).toList());
  }

  // --- cluster, nodes, queues -----------------------------------------------------------

  @Override
  public GetClusterMetricsResponse getClusterMetrics(GetClusterMetricsRequest request)
      throws YarnException {
    return GetClusterMetricsResponse.newInstance(
        ReportRecords.clusterMetrics(Refusals.call(loop, core::nodeCounts)));
  }

  @Override
  public GetClusterNodesResponse getClusterNodes(GetClusterNodesRequest request)
      throws YarnException {
    EnumSet<NodeState> states = request.getNodeStates() == null
        || request.getNodeStates().isEmpty() ? EnumSet.noneOf(NodeState.class)
        : EnumSet.copyOf(request.getNodeStates());
    return GetClusterNodesResponse.newInstance(
        Refusals.call(loop, () -> core.nodes(states)).stream().map(ReportRecords::node).toList());
  }

  @Override
  public GetQueueInfoResponse getQueueInfo(GetQueueInfoRequest request) throws YarnException {
    // An unknown queue answers an empty response (null QueueInfo), not an error.
    return GetQueueInfoResponse.newInstance(ReportRecords.queue(Refusals.call(loop, () -> core.queue(
        request.getQueueName(), request.getIncludeApplications(),
        request.getIncludeChildQueues(), request.getRecursive())), clock.getTime()));
  }

  @Override
  public GetQueueUserAclsInfoResponse getQueueUserAcls(GetQueueUserAclsInfoRequest request)
      throws YarnException {
    String user = caller();
    List<QueueUserACLInfo> acls = new ArrayList<>();
    Refusals.call(loop, () -> core.queueUserAcls(user))
        .forEach((queue, ops) -> acls.add(QueueUserACLInfo.newInstance(queue, ops)));
    return GetQueueUserAclsInfoResponse.newInstance(acls);
  }

  /** DS catches exactly this class and carries on without profiles (yarn-compat 1.7). */
  private static YARNFeatureNotEnabledException profilesDisabled() {
    return new YARNFeatureNotEnabledException("Resource profile is not enabled, please "
        + "enable resource profile feature before using its functions. (by setting "
        + YarnConfiguration.RM_RESOURCE_PROFILES_ENABLED + " to true)");
  }

  @Override
  public GetAllResourceProfilesResponse getResourceProfiles(
      GetAllResourceProfilesRequest request) throws YarnException {
    throw profilesDisabled();
  }

  @Override
  public GetResourceProfileResponse getResourceProfile(GetResourceProfileRequest request)
      throws YarnException {
    throw profilesDisabled();
  }

  @Override
  public GetAllResourceTypeInfoResponse getResourceTypeInfo(
      GetAllResourceTypeInfoRequest request) {
    GetAllResourceTypeInfoResponse r = org.apache.hadoop.yarn.util.Records.newRecord(
        GetAllResourceTypeInfoResponse.class);
    r.setResourceTypeInfo(ResourceUtils.getResourcesTypeInfo());
    return r;
  }

  // Node labels and attributes are disabled: empty answers, as the stock RM gives.

  @Override
  public GetNodesToLabelsResponse getNodeToLabels(GetNodesToLabelsRequest request) {
    return GetNodesToLabelsResponse.newInstance(new HashMap<>());
  }

  @Override
  public GetLabelsToNodesResponse getLabelsToNodes(GetLabelsToNodesRequest request) {
    return GetLabelsToNodesResponse.newInstance(new HashMap<>());
  }

  @Override
  public GetClusterNodeLabelsResponse getClusterNodeLabels(
      GetClusterNodeLabelsRequest request) throws YarnException {
    return GetClusterNodeLabelsResponse.newInstance(new ArrayList<>());
  }

  @Override
  public GetAttributesToNodesResponse getAttributesToNodes(
      GetAttributesToNodesRequest request) {
    return GetAttributesToNodesResponse.newInstance(new HashMap<>());
  }

  @Override
  public GetClusterNodeAttributesResponse getClusterNodeAttributes(
      GetClusterNodeAttributesRequest request) {
    return GetClusterNodeAttributesResponse.newInstance(new HashSet<>());
  }

  @Override
  public GetNodesToAttributesResponse getNodesToAttributes(
      GetNodesToAttributesRequest request) {
    return GetNodesToAttributesResponse.newInstance(new HashMap<>());
  }

  // --- changes to a running application -------------------------------------------------

  @Override
  public FailApplicationAttemptResponse failApplicationAttempt(
      FailApplicationAttemptRequest request) throws YarnException {
    var id = request.getApplicationAttemptId();
    String diagnostics = "Attempt failed by user " + caller() + " at "
        + Server.getRemoteAddress();
    UserGroupInformation ugi = callerUgi();
    Refusals.call(loop, () -> {
      if (id != null) {
        checkModify(core, ugi, id.getApplicationId());
      }
      core.failAttempt(id, diagnostics);
      return null;
    });
    return FailApplicationAttemptResponse.newInstance();
  }

  @Override
  public MoveApplicationAcrossQueuesResponse moveApplicationAcrossQueues(
      MoveApplicationAcrossQueuesRequest request) throws YarnException {
    ApplicationId id = request.getApplicationId();
    if (id == null) {
      throw new ApplicationIdNotProvidedException("Invalid input: applicationId is null");
    }
    String target = request.getTargetQueue();
    UserGroupInformation ugi = callerUgi();
    Refusals.call(loop, () -> {
      checkModify(core, ugi, id);
      if (target == null || !core.maySubmitTo(ugi.getShortUserName(), target)) {
        throw new Refusal(Refusal.Kind.ACCESS_DENIED, "User " + ugi.getShortUserName()
            + " cannot submit applications to target queue or the target queue doesn't"
            + " exist: " + target + " while moving " + id);
      }
      core.moveApplication(id, target);
      return null;
    });
    return MoveApplicationAcrossQueuesResponse.newInstance();
  }

  @Override
  public UpdateApplicationPriorityResponse updateApplicationPriority(
      UpdateApplicationPriorityRequest request) throws YarnException {
    ApplicationId id = request.getApplicationId();
    if (id == null || request.getApplicationPriority() == null) {
      throw new YarnException("Invalid input: applicationId and priority are required");
    }
    int priority = request.getApplicationPriority().getPriority();
    UserGroupInformation ugi = callerUgi();
    Integer set = Refusals.call(loop, () -> {
      checkModify(core, ugi, id);
      return core.updatePriority(id, priority);
    });
    return UpdateApplicationPriorityResponse.newInstance(
        set == null ? null : Priority.newInstance(set));
  }

  @Override
  public SignalContainerResponse signalToContainer(SignalContainerRequest request)
      throws YarnException {
    ContainerId container = request.getContainerId();
    if (container == null || request.getCommand() == null) {
      throw new YarnException("Invalid input: containerId and command are required");
    }
    ApplicationId app = container.getApplicationAttemptId().getApplicationId();
    UserGroupInformation ugi = callerUgi();
    Refusals.call(loop, () -> {
      try {
        checkModify(core, ugi, app);
      } catch (Refusal e) {
        if (e.kind() != Refusal.Kind.UNKNOWN_APP) {
          throw e;
        }
        throw new Refusal(Refusal.Kind.REFUSED,
            "Trying to signal an absent container " + container);
      }
      if (!core.signal(container, request.getCommand())) {
        throw new Refusal(Refusal.Kind.REFUSED,
            "Trying to signal an absent container " + container);
      }
      return null;
    });
    return org.apache.hadoop.yarn.util.Records.newRecord(SignalContainerResponse.class);
  }

  @Override
  public UpdateApplicationTimeoutsResponse updateApplicationTimeouts(
      UpdateApplicationTimeoutsRequest request) throws YarnException {
    ApplicationId id = request.getApplicationId();
    if (id == null) {
      throw new ApplicationIdNotProvidedException("Invalid input: applicationId is null");
    }
    var timeouts = request.getApplicationTimeouts();
    UserGroupInformation ugi = callerUgi();
    var set = Refusals.call(loop, () -> {
      checkModify(core, ugi, id);
      return core.updateTimeouts(id, timeouts);
    });
    UpdateApplicationTimeoutsResponse response =
        org.apache.hadoop.yarn.util.Records.newRecord(UpdateApplicationTimeoutsResponse.class);
    response.setApplicationTimeouts(set);
    return response;
  }

  // --- delegation tokens (simple auth allows them, as the stock RM does) -----------------

  @Override
  public GetDelegationTokenResponse getDelegationToken(GetDelegationTokenRequest request)
      throws YarnException {
    try {
      UserGroupInformation ugi = UserGroupInformation.getCurrentUser();
      Text realUser = ugi.getRealUser() == null ? null
          : new Text(ugi.getRealUser().getUserName());
      RMDelegationTokenIdentifier id = new RMDelegationTokenIdentifier(
          new Text(ugi.getUserName()), new Text(request.getRenewer()), realUser);
      Token<RMDelegationTokenIdentifier> token = new Token<>(id, delegationTokens);
      return GetDelegationTokenResponse.newInstance(
          org.apache.hadoop.yarn.api.records.Token.newInstance(token.getIdentifier(),
              token.getKind().toString(), token.getPassword(), token.getService().toString()));
    } catch (IOException e) {
      throw RPCUtil.getRemoteException(e);
    }
  }

  @Override
  public RenewDelegationTokenResponse renewDelegationToken(RenewDelegationTokenRequest request)
      throws YarnException {
    try {
      long next = delegationTokens.renewToken(fromYarn(request.getDelegationToken()),
          UserGroupInformation.getCurrentUser().getShortUserName());
      return RenewDelegationTokenResponse.newInstance(next);
    } catch (IOException e) {
      throw RPCUtil.getRemoteException(e);
    }
  }

  @Override
  public CancelDelegationTokenResponse cancelDelegationToken(
      CancelDelegationTokenRequest request) throws YarnException {
    try {
      delegationTokens.cancelToken(fromYarn(request.getDelegationToken()),
          UserGroupInformation.getCurrentUser().getUserName());
      return CancelDelegationTokenResponse.newInstance();
    } catch (IOException e) {
      throw RPCUtil.getRemoteException(e);
    }
  }

  private static Token<RMDelegationTokenIdentifier> fromYarn(
      org.apache.hadoop.yarn.api.records.Token t) {
    return new Token<>(t.getIdentifier().array(), t.getPassword().array(),
        new Text(t.getKind()), new Text(t.getService()));
  }

  @Override
  public GetNewReservationResponse getNewReservation(GetNewReservationRequest request)
      throws YarnException {
    throw new YARNFeatureNotEnabledException("Spindle does not support reservations yet");
  }

  @Override
  public ReservationSubmissionResponse submitReservation(ReservationSubmissionRequest request)
      throws YarnException {
    throw new YARNFeatureNotEnabledException("Spindle does not support reservations yet");
  }

  @Override
  public ReservationUpdateResponse updateReservation(ReservationUpdateRequest request)
      throws YarnException {
    throw new YARNFeatureNotEnabledException("Spindle does not support reservations yet");
  }

  @Override
  public ReservationDeleteResponse deleteReservation(ReservationDeleteRequest request)
      throws YarnException {
    throw new YARNFeatureNotEnabledException("Spindle does not support reservations yet");
  }

  @Override
  public ReservationListResponse listReservations(ReservationListRequest request)
      throws YarnException {
    throw new YARNFeatureNotEnabledException("Spindle does not support reservations yet");
  }
}
