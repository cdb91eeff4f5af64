package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * A change to the durable RM state. Operations on the core produce these; {@link
 * RmState#replay} applying them is the only way applications and attempts change, so a state
 * store (a later issue) can persist them before the reply and replay them after a restart.
 *
 * <p>Rationale: nodes, containers, asks and heartbeat ids are soft state, rebuilt after a
 * restart from NodeManager re-registration and AM resync as in stock YARN, so they change
 * directly on the core thread without records.
 */
public sealed interface StateRecord {

  /** A new application was accepted by the RPC layer. */
  record AppAdded(AppSubmission submission) implements StateRecord {}

  record AppChanged(ApplicationId appId, AppFacts facts) implements StateRecord {}

  record AttemptAdded(ApplicationAttemptId attemptId, AttemptFacts facts)
      implements StateRecord {}

  record AttemptChanged(ApplicationAttemptId attemptId, AttemptFacts facts)
      implements StateRecord {}

  /** A finished application fell out of the completed-application window. */
  record AppEvicted(ApplicationId appId) implements StateRecord {}

  /**
   * An application's submission changed after it was accepted (moved to another queue, new
   * priority, new lifetime): the stored submission is replaced, its facts kept.
   */
  record AppUpdated(AppSubmission submission, AppFacts facts) implements StateRecord {}
}
