package dev.spindle.loadgen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.api.protocolrecords.NMContainerStatus;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.records.MasterKey;

/**
 * One simulated NodeManager's state, kept as a stock NodeStatusUpdaterImpl keeps it: the last
 * response id and master keys to echo, the containers it runs, and the completed ones the RM
 * has not yet acknowledged. A completed container is reported once (again only if that
 * heartbeat failed) and stays known until the RM lists it in containers-to-be-removed. All
 * methods are called under the node's lock: one heartbeat thread and any AM thread.
 */
final class FakeNode {

  private static final class Held {
    final ContainerId id;
    final Resource resource;
    final long startedMs;
    final long doneAtMs;
    ContainerState state = ContainerState.RUNNING;
    int exitStatus = ContainerExitStatus.INVALID;

    Held(ContainerId id, Resource resource, long startedMs, long doneAtMs) {
      this.id = id;
      this.resource = resource;
      this.startedMs = startedMs;
      this.doneAtMs = doneAtMs;
    }
  }

  final NodeId id;
  final Resource capability;
  private final Tally tally;
  private final Map<ContainerId, Held> containers = new LinkedHashMap<>();
  /** Completed and not yet reported in a successful heartbeat. */
  private final Set<ContainerId> pendingCompleted = new HashSet<>();
  private long usedMb;
  private long usedVcores;
  private int responseId;
  private MasterKey containerTokenKey;
  private MasterKey nmTokenKey;
  private boolean shutDown;
  /** When the last heartbeat call returned (System.nanoTime()); 0 before the first. */
  private long lastHeartbeatEnd;

  FakeNode(NodeId id, Resource capability, Tally tally) {
    this.id = id;
    this.capability = capability;
    this.tally = tally;
  }

  /** After (re-)registration: heartbeats start again from response id 0 with these keys. */
  synchronized void registered(MasterKey containerTokenKey, MasterKey nmTokenKey) {
    this.responseId = 0;
    this.containerTokenKey = containerTokenKey;
    this.nmTokenKey = nmTokenKey;
  }

  /**
   * An AM started a container here (in-process, in place of startContainers). A node given more
   * than its capacity, or the same container twice, is an over-allocation by the RM.
   */
  synchronized void start(ContainerId container, Resource resource, long nowMs, long taskMs) {
    if (containers.containsKey(container)) {
      tally.appOverAllocation(container + " allocated twice");
      return;
    }
    usedMb += resource.getMemorySize();
    usedVcores += resource.getVirtualCores();
    if (usedMb > capability.getMemorySize() || usedVcores > capability.getVirtualCores()) {
      tally.nodeOverAllocation(id + " holds " + usedMb + " MB / " + usedVcores
          + " vcores of " + capability + " after " + container);
    }
    containers.put(container, new Held(container, resource, nowMs, nowMs + taskMs));
  }

  /**
   * The statuses of the next heartbeat: running containers, and completed ones not yet
   * reported. A container finishing now frees its room here, before the RM can hear of it, so
   * that the RM reusing the room is never taken for an over-allocation.
   */
  synchronized List<ContainerStatus> statuses(long nowMs) {
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Held held : containers.values()) {
      if (held.state == ContainerState.RUNNING && nowMs >= held.doneAtMs) {
        finish(held, ContainerExitStatus.SUCCESS);
      }
      if (held.state == ContainerState.RUNNING) {
        statuses.add(status(held, "running"));
      } else if (pendingCompleted.contains(held.id)) {
        statuses.add(status(held, "done"));
      }
    }
    return statuses;
  }

  private void finish(Held held, int exitStatus) {
    held.state = ContainerState.COMPLETE;
    held.exitStatus = exitStatus;
    usedMb -= held.resource.getMemorySize();
    usedVcores -= held.resource.getVirtualCores();
    pendingCompleted.add(held.id);
  }

  private static ContainerStatus status(Held held, String diagnostics) {
    ContainerStatus status = ContainerStatus.newInstance(held.id, held.state, diagnostics,
        held.exitStatus);
    status.setCapability(held.resource);
    return status;
  }

  /** What a re-registration reports (the NMContainerStatus list of a stock NM). */
  synchronized List<NMContainerStatus> registrationStatuses() {
    List<NMContainerStatus> statuses = new ArrayList<>();
    for (Held held : containers.values()) {
      statuses.add(NMContainerStatus.newInstance(held.id, 0, held.state, held.resource,
          "", held.exitStatus, Priority.newInstance(0), held.startedMs));
    }
    return statuses;
  }

  /**
   * Whether a heartbeat starting now is late: more than half an interval after it was due (an
   * interval after the previous one returned). A late heartbeat means the generator could not
   * keep up, and the RM saw fewer heartbeats than the scenario says.
   */
  synchronized boolean lateAt(long nowNanos, long intervalNanos) {
    return lastHeartbeatEnd != 0
        && nowNanos - (lastHeartbeatEnd + intervalNanos) > intervalNanos / 2;
  }

  synchronized void heartbeatEnded(long nowNanos) {
    lastHeartbeatEnd = nowNanos;
  }

  synchronized int responseId() {
    return responseId;
  }

  synchronized MasterKey containerTokenKey() {
    return containerTokenKey;
  }

  synchronized MasterKey nmTokenKey() {
    return nmTokenKey;
  }

  synchronized boolean isShutDown() {
    return shutDown;
  }

  synchronized void shutDown() {
    shutDown = true;
  }

  /**
   * A NORMAL heartbeat response: new keys, the ack of completed containers, containers and
   * apps to clean up, and the response id to echo next.
   */
  synchronized void accept(NodeHeartbeatResponse response, long nowMs) {
    if (response.getContainerTokenMasterKey() != null) {
      containerTokenKey = response.getContainerTokenMasterKey();
    }
    if (response.getNMTokenMasterKey() != null) {
      nmTokenKey = response.getNMTokenMasterKey();
    }
    pendingCompleted.clear();
    for (ContainerId acked : response.getContainersToBeRemovedFromNM()) {
      Held held = containers.get(acked);
      if (held != null && held.state == ContainerState.COMPLETE) {
        containers.remove(acked);
      }
    }
    for (ContainerId kill : response.getContainersToCleanup()) {
      Held held = containers.get(kill);
      if (held != null && held.state == ContainerState.RUNNING) {
        finish(held, ContainerExitStatus.KILLED_BY_RESOURCEMANAGER);
      }
    }
    List<ApplicationId> finishedApps = response.getApplicationsToCleanup();
    if (!finishedApps.isEmpty()) {
      // The app is over: its containers go, as a stock NM cleans up a finished application.
      containers.values().removeIf(held -> {
        boolean gone = finishedApps.contains(
            held.id.getApplicationAttemptId().getApplicationId());
        if (gone && held.state == ContainerState.RUNNING) {
          usedMb -= held.resource.getMemorySize();
          usedVcores -= held.resource.getVirtualCores();
        }
        if (gone) {
          pendingCompleted.remove(held.id);
        }
        return gone;
      });
    }
    responseId = response.getResponseId();
  }
}
