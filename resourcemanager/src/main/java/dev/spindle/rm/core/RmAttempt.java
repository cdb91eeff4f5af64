package dev.spindle.rm.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;

/** One attempt of an application. Loop-owned: read and written only on the core thread. */
public final class RmAttempt {

  final ApplicationAttemptId id;
  final RmApp app;
  /** Durable facts; replaced only by {@link RmState#replay}. */
  AttemptFacts facts;

  // Soft state (loop-owned, not persisted).
  int nextContainerSeq = 1;
  /** Live containers of this attempt, AM container included. */
  final Map<ContainerId, RmContainer> containers = new LinkedHashMap<>();
  /** Allocated but not yet handed to the AM in an allocate response. */
  final List<RmContainer> newlyAllocated = new ArrayList<>();
  /** Completed statuses not yet handed to the AM. */
  final List<ContainerStatus> completedToDeliver = new ArrayList<>();
  /** NM-reported completions to acknowledge to their node once the AM has pulled them. */
  final Map<ContainerId, NodeId> ackAfterDelivery = new LinkedHashMap<>();
  /** Live containers inherited from the previous attempt, for the register response. */
  final List<RmContainer> fromPreviousAttempt = new ArrayList<>();
  /** Nodes whose usability changed since the last allocate response (updated_nodes). */
  final Set<NodeId> updatedNodes = new java.util.LinkedHashSet<>();
  /** Nodes this attempt already holds an NM token for (under the current key). */
  final Set<NodeId> nmTokenNodes = new HashSet<>();
  /** Containers the scheduler warned it will preempt; told to the AM on every allocate. */
  final Set<ContainerId> toPreempt = new java.util.LinkedHashSet<>();
  /**
   * What its containers used so far: completed ones, and running ones up to their
   * {@link RmContainer#accountedFrom}. Recorded in its facts when it ends.
   */
  Usage usage = Usage.NONE;
  /** The last allocate response, or null before registration (id -1). */
  AllocateResponse lastResponse;
  long lastPing;

  RmAttempt(ApplicationAttemptId id, RmApp app, AttemptFacts facts) {
    this.id = id;
    this.app = app;
    this.facts = facts;
    this.lastPing = facts.startTime();
  }

  public ApplicationAttemptId id() {
    return id;
  }

  public AttemptFacts facts() {
    return facts;
  }

  /** Its usage as of {@code now}: running containers counted up to then. */
  Usage usageAt(long now) {
    return usage.chargedRunning(containers.values(), now);
  }

  public boolean isRegistered() {
    return lastResponse != null;
  }

  public RmApp app() {
    return app;
  }
}
