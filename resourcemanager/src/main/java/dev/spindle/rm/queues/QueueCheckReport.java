package dev.spindle.rm.queues;

import dev.spindle.scheduler.QueueDiff;
import java.util.List;

/**
 * What a queue configuration dry run found.
 *
 * @param valid    whether refreshQueues would apply the candidate
 * @param refusal  why not (file, queue and problem), or null
 * @param changes  what changes, queue by queue and setting by setting
 * @param affected live applications in queues the candidate removes or stops
 */
public record QueueCheckReport(boolean valid, String refusal, List<QueueDiff.Change> changes,
    List<Affected> affected) {

  static QueueCheckReport refused(String why) {
    return new QueueCheckReport(false, why, List.of(), List.of());
  }

  /** A live application the change reaches. */
  public record Affected(String application, String queue, String state, String why) {}
}
