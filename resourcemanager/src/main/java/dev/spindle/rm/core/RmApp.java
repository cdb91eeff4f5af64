package dev.spindle.rm.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeId;

/** An application inside the RM. Loop-owned: read and written only on the core thread. */
public final class RmApp {

  /** As submitted, then as updated (queue, priority, lifetime); replaced only by replay. */
  AppSubmission submission;
  /** The scheduler's key for this application, increasing in submission order. */
  final long appKey;
  /** Durable facts; replaced only by {@link RmState#replay}. */
  AppFacts facts = AppFacts.submitted();
  final List<RmAttempt> attempts = new ArrayList<>();

  // Soft state (loop-owned, not persisted).
  float progress;
  /** Nodes that ran a container of the app: they get applications_to_cleanup at the end. */
  final Set<NodeId> nodesUsed = new LinkedHashSet<>();
  /** Log aggregation status per node, from NM heartbeats. */
  final AppLogAggregation logAggregation = new AppLogAggregation();

  RmApp(AppSubmission submission, long appKey) {
    this.submission = submission;
    this.appKey = appKey;
  }

  public ApplicationId id() {
    return submission.appId();
  }

  public AppSubmission submission() {
    return submission;
  }

  /** Whether its AM runs outside the cluster, started by the submitter (no AM container). */
  public boolean isUnmanaged() {
    return submission.context().getUnmanagedAM();
  }

  public AppFacts facts() {
    return facts;
  }

  public float progress() {
    return progress;
  }

  public List<RmAttempt> attempts() {
    return attempts;
  }

  /** The newest attempt, or null before the first one. */
  public RmAttempt currentAttempt() {
    return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
  }
}
