package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The durable part of an attempt's lifecycle (the fields a stock state store keeps per
 * attempt). Immutable; changed only by replaying a record.
 *
 * @param amExitStatus exit status of the AM container, {@code INVALID} (-1000) until it exits
 * @param usage        what the attempt's containers used, recorded when it ends (stock keeps
 *                     it in ApplicationAttemptStateData at the final state too)
 */
public record AttemptFacts(
    AttemptState state,
    ContainerId amContainerId,
    String host,
    int rpcPort,
    String trackingUrl,
    FinalApplicationStatus finalStatus,
    String diagnostics,
    long startTime,
    long finishTime,
    int amExitStatus,
    Usage usage) {

  /** Facts before any usage is recorded. */
  public AttemptFacts(AttemptState state, ContainerId amContainerId, String host, int rpcPort,
      String trackingUrl, FinalApplicationStatus finalStatus, String diagnostics, long startTime,
      long finishTime, int amExitStatus) {
    this(state, amContainerId, host, rpcPort, trackingUrl, finalStatus, diagnostics, startTime,
        finishTime, amExitStatus, Usage.NONE);
  }

  AttemptFacts withUsage(Usage u) {
    return new AttemptFacts(state, amContainerId, host, rpcPort, trackingUrl, finalStatus,
        diagnostics, startTime, finishTime, amExitStatus, u);
  }

  static AttemptFacts scheduled(long now) {
    return new AttemptFacts(AttemptState.SCHEDULED, null, "N/A", -1, "",
        FinalApplicationStatus.UNDEFINED, "", now, 0, ContainerExitStatus.INVALID);
  }

  AttemptFacts withState(AttemptState s) {
    return new AttemptFacts(s, amContainerId, host, rpcPort, trackingUrl, finalStatus,
        diagnostics, startTime, finishTime, amExitStatus, usage);
  }

  AttemptFacts withAmContainer(ContainerId id) {
    return new AttemptFacts(AttemptState.ALLOCATED, id, host, rpcPort, trackingUrl,
        finalStatus, diagnostics, startTime, finishTime, amExitStatus, usage);
  }

  AttemptFacts registered(String h, int port, String url) {
    return new AttemptFacts(AttemptState.RUNNING, amContainerId, h, port, url, finalStatus,
        diagnostics, startTime, finishTime, amExitStatus, usage);
  }

  AttemptFacts unregistered(FinalApplicationStatus status, String diag, String url) {
    String finalUrl = url == null || url.isEmpty() ? trackingUrl : url;
    return new AttemptFacts(AttemptState.FINISHING, amContainerId, host, rpcPort, finalUrl,
        status, diag == null ? "" : diag, startTime, finishTime, amExitStatus, usage);
  }

  AttemptFacts ended(AttemptState s, String diag, long now, int exitStatus) {
    return new AttemptFacts(s, amContainerId, host, rpcPort, trackingUrl, finalStatus,
        diag, startTime, now, exitStatus, usage);
  }
}
