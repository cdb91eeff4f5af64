package dev.spindle.rm.core;

import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The durable part of an attempt's lifecycle (the fields a stock state store keeps per
 * attempt). Immutable; changed only by replaying a record.
 *
 * @param amExitStatus exit status of the AM container, {@code INVALID} (-1000) until it exits
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
    int amExitStatus) {

  static AttemptFacts scheduled(long now) {
    return new AttemptFacts(AttemptState.SCHEDULED, null, "N/A", -1, "",
        FinalApplicationStatus.UNDEFINED, "", now, 0, ContainerExitStatus.INVALID);
  }

  AttemptFacts withState(AttemptState s) {
    return new AttemptFacts(s, amContainerId, host, rpcPort, trackingUrl, finalStatus,
        diagnostics, startTime, finishTime, amExitStatus);
  }

  AttemptFacts withAmContainer(ContainerId id) {
    return new AttemptFacts(AttemptState.ALLOCATED, id, host, rpcPort, trackingUrl,
        finalStatus, diagnostics, startTime, finishTime, amExitStatus);
  }

  AttemptFacts registered(String h, int port, String url) {
    return new AttemptFacts(AttemptState.RUNNING, amContainerId, h, port, url, finalStatus,
        diagnostics, startTime, finishTime, amExitStatus);
  }

  AttemptFacts unregistered(FinalApplicationStatus status, String diag, String url) {
    String finalUrl = url == null || url.isEmpty() ? trackingUrl : url;
    return new AttemptFacts(AttemptState.FINISHING, amContainerId, host, rpcPort, finalUrl,
        status, diag == null ? "" : diag, startTime, finishTime, amExitStatus);
  }

  AttemptFacts ended(AttemptState s, String diag, long now, int exitStatus) {
    return new AttemptFacts(s, amContainerId, host, rpcPort, trackingUrl, finalStatus,
        diag, startTime, now, exitStatus);
  }
}
