package dev.spindle.rm.web;

import dev.spindle.rm.core.AppCounters;
import dev.spindle.rm.core.Usage;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import java.util.Collection;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * What the web layer may read of the active RM. Reports come through the client protocol
 * (called as the HTTP caller, so its ACL checks apply); the few facts that protocol lacks come
 * from the core through its event loop. Implementations hold no RM state.
 */
public interface ActiveRm {

  /** The active RM's client protocol (call it inside the caller's doAs). */
  ApplicationClientProtocol client();

  /** The cluster timestamp: cluster id and first part of every application id. */
  long clusterTimestamp();

  /** When this RM became active (ms since the epoch). */
  long startedOn();

  /** capacityScheduler, fairScheduler or fifoScheduler, as the stock REST API names them. */
  String schedulerType();

  /** Application counts since this RM became active, over every user's applications. */
  AppCounters appCounters() throws YarnException;

  /** The AM container of each given attempt that still has one (one event-loop call). */
  Map<ApplicationAttemptId, ContainerReport> amContainers(
      Collection<ApplicationAttemptId> attempts) throws YarnException;

  /** What each given application used and lost to preemption so far (one event-loop call). */
  Map<ApplicationId, Usage> usages(Collection<ApplicationId> apps) throws YarnException;

  /** The RM's own machinery at a glance (the overview page shows it). */
  dev.spindle.rm.RmInternals internals();

  /**
   * refreshQueues tried on candidate scheduler files (name to content) without applying
   * them: validity, the differences in effective queues, and the applications reached.
   */
  dev.spindle.rm.queues.QueueCheckReport checkQueues(Map<String, byte[]> files)
      throws YarnException;

  /** The RM-internal state of an application (RMAppState names, e.g. FINISHING). */
  String internalState(ApplicationId id) throws YarnException;

  /** Offer mode: the frameworks and outstanding offers {@code user} may view. */
  dev.spindle.rm.core.OfferViews offerViews(String user) throws YarnException;

  /**
   * Why each outstanding ask of the application waits (one event-loop call); refused unless
   * {@code user} may view the application.
   */
  dev.spindle.rm.core.AppExplanation explain(ApplicationId id, String user)
      throws YarnException;

  /** Every unfinished application {@code user} may view that waits (one event-loop call). */
  java.util.List<dev.spindle.rm.core.AppExplanation> explainWaiting(String user)
      throws YarnException;

  /** The RM's metrics (/prom), or null when it publishes none. */
  default dev.spindle.rm.metrics.RmMetrics metrics() {
    return null;
  }
}
