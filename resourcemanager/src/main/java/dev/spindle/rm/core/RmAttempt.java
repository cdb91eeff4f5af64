package dev.spindle.rm.core;

import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;

/** One attempt of an application. Loop-owned: read and written only on the core thread. */
public final class RmAttempt {

  final ApplicationAttemptId id;
  final RmApp app;
  /** Durable facts; replaced only by {@link RmState#replay}. */
  AttemptFacts facts;

  // Soft state (loop-owned, not persisted).
  /** Its live containers and their deliveries to the AM; written only by {@link Containers}. */
  final Containers.OfAttempt containers = new Containers.OfAttempt();
  /** Nodes whose usability changed since the last allocate response (updated_nodes). */
  final Set<NodeId> updatedNodes = new java.util.LinkedHashSet<>();
  /** Containers the scheduler warned it will preempt; told to the AM on every allocate. */
  final Set<ContainerId> toPreempt = new java.util.LinkedHashSet<>();
  /**
   * What its containers used so far: completed ones, and running ones up to their
   * {@link RmContainer#accountedFrom}. Recorded in its facts when it ends.
   */
  Usage usage = Usage.NONE;
  /** The last allocate result, or null before registration (id -1). */
  AllocateResult lastResult;
  /** Offer mode: set when the attempt registered as a framework (soft state). */
  FrameworkSession framework;
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
    return lastResult != null;
  }

  public RmApp app() {
    return app;
  }
}
