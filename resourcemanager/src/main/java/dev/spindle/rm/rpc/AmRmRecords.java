package dev.spindle.rm.rpc;

import dev.spindle.rm.core.AllocateResult;
import dev.spindle.rm.core.AmRegistration;
import dev.spindle.rm.core.CompletedContainer;
import dev.spindle.rm.core.ContainerGrant;
import dev.spindle.rm.core.NodeSnapshot;
import dev.spindle.rm.core.PreemptionWarning;
import dev.spindle.rm.core.ResourceConverter;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.PreemptionContainer;
import org.apache.hadoop.yarn.api.records.PreemptionMessage;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.StrictPreemptionContract;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.api.records.UpdateContainerError;
import org.apache.hadoop.yarn.api.records.UpdateContainerRequest;
import org.apache.hadoop.yarn.proto.YarnServiceProtos.SchedulerResourceTypes;
import org.apache.hadoop.yarn.server.api.ContainerType;
import org.apache.hadoop.yarn.util.Records;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * Builds the AM-RM protocol's records from the core's results, minting the container and NM
 * tokens here, off the core thread (the stock RM, too, mints a container's token when its AM
 * pulls it). Used by the AM-RM adapter and, for the AM container, by the AM launcher.
 * Thread-safe: the token issuers are.
 */
public final class AmRmRecords {

  /** Stock's answer to an update request; Spindle does not update containers yet. */
  static final String UPDATE_NOT_SUPPORTED = "Spindle does not support container updates yet";

  private final ContainerTokenSecretManager containerTokens;
  private final NmTokenSecretManager nmTokens;

  public AmRmRecords(ContainerTokenSecretManager containerTokens,
      NmTokenSecretManager nmTokens) {
    this.containerTokens = containerTokens;
    this.nmTokens = nmTokens;
  }

  /** The container record of a grant, with a container token minted now. */
  public Container container(ContainerGrant g) {
    Resource resource = ResourceConverter.toResource(g.resource());
    Priority priority = Priority.newInstance(g.priority());
    Token token = containerTokens.createContainerToken(g.id(), g.nodeId(), g.user(), resource,
        priority, g.creationTime(),
        g.am() ? ContainerType.APPLICATION_MASTER : ContainerType.TASK,
        g.allocationRequestId());
    Container c = Container.newInstance(g.id(), g.nodeId(), g.nodeHttpAddress(), resource,
        priority, token);
    c.setAllocationRequestId(g.allocationRequestId());
    return c;
  }

  /**
   * The allocate response for {@code r}; each update request is answered with an update
   * error, as the core does not take them.
   */
  public AllocateResponse allocateResponse(ApplicationAttemptId attempt, AllocateResult r,
      List<UpdateContainerRequest> updates) {
    List<Container> allocated = new ArrayList<>(r.allocated().size());
    for (ContainerGrant g : r.allocated()) {
      allocated.add(container(g));
    }
    List<ContainerStatus> completed = new ArrayList<>(r.completed().size());
    for (CompletedContainer c : r.completed()) {
      completed.add(ContainerStatus.newInstance(c.id(), ContainerState.COMPLETE,
          c.diagnostics(), c.exitStatus()));
    }
    List<NodeReport> updated = new ArrayList<>(r.updatedNodes().size());
    for (NodeSnapshot n : r.updatedNodes()) {
      updated.add(ReportRecords.nodeUpdate(n));
    }
    AllocateResponse response = AllocateResponse.newInstance(r.responseId(), completed,
        allocated, updated, ResourceConverter.toResource(r.headroom()), null, r.liveNodes(),
        null, nmTokens(attempt, r.nmTokenNodes(), r.user()));
    if (r.applicationPriority() != null) {
      response.setApplicationPriority(Priority.newInstance(r.applicationPriority()));
    }
    response.setPreemptionMessage(preemption(r.preemption()));
    List<UpdateContainerError> errors = new ArrayList<>();
    for (UpdateContainerRequest u : updates) {
      errors.add(UpdateContainerError.newInstance(UPDATE_NOT_SUPPORTED, u));
    }
    response.setUpdateErrors(errors);
    return response;
  }

  public RegisterApplicationMasterResponse registerResponse(ApplicationAttemptId attempt,
      AmRegistration r) {
    RegisterApplicationMasterResponse out =
        Records.newRecord(RegisterApplicationMasterResponse.class);
    out.setMaximumResourceCapability(ResourceConverter.toResource(r.maximumCapability()));
    out.setQueue(r.queue());
    out.setApplicationACLs(r.applicationAcls());
    out.setSchedulerResourceTypes(r.schedulerResourceTypes().isEmpty()
        ? EnumSet.noneOf(SchedulerResourceTypes.class)
        : EnumSet.copyOf(r.schedulerResourceTypes()));
    out.setResourceTypes(ResourceUtils.getResourcesTypeInfo());
    List<Container> kept = new ArrayList<>(r.fromPreviousAttempts().size());
    for (ContainerGrant g : r.fromPreviousAttempts()) {
      kept.add(container(g));
    }
    out.setContainersFromPreviousAttempts(kept);
    out.setNMTokensFromPreviousAttempts(nmTokens(attempt, r.nmTokenNodes(), r.user()));
    return out;
  }

  /** NM tokens for {@code nodes}, minted now. */
  public List<NMToken> nmTokens(ApplicationAttemptId attempt, List<NodeId> nodes,
      String user) {
    List<NMToken> out = new ArrayList<>(nodes.size());
    for (NodeId node : nodes) {
      out.add(NMToken.newInstance(node, nmTokens.createNMToken(attempt, node, user)));
    }
    return out;
  }

  /** A strict contract naming the warned containers, or null without warnings. */
  private static PreemptionMessage preemption(PreemptionWarning w) {
    if (w == null) {
      return null;
    }
    Set<PreemptionContainer> containers = new HashSet<>();
    for (var id : w.strict()) {
      containers.add(PreemptionContainer.newInstance(id));
    }
    return PreemptionMessage.newInstance(StrictPreemptionContract.newInstance(containers),
        null);
  }
}
