package dev.spindle.whatif;

import java.util.Map;

/**
 * One replay's outcome.
 *
 * @param queues        per leaf queue (full path; a rejected application's requested queue)
 * @param clusterMemMs  the cluster's memory integrated over the replayed time (MB x ms)
 * @param nodeVisits    nodes the scheduler was offered (its cost counter)
 */
public record ReplayResult(Map<String, QueueStats> queues, long clusterMemMs, long nodeVisits,
    long simulatedMs) {

  /** The share of the cluster's memory over time the queue's containers held (0..1). */
  public double utilisation(String queue) {
    QueueStats q = queues.get(queue);
    return q == null || clusterMemMs == 0 ? 0 : (double) q.memMs / clusterMemMs;
  }
}
