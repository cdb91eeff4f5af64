package dev.spindle.whatif;

import java.util.Arrays;

/**
 * What one replay measured for one leaf queue. Waits are from an ask (or a submission, for
 * the AM container) to its allocation; asks still unmet when the replay ends count with the
 * time they had waited by then, so starving a queue cannot make its waits look short.
 */
public final class QueueStats {

  private long[] waits = new long[64];
  private int waitCount;
  /** Memory held by the queue's containers, integrated over time (MB x ms). */
  long memMs;
  int appsSubmitted;
  int appsFinished;
  int appsRejected;
  int preemptions;
  long containers;

  void waited(long ms) {
    if (waitCount == waits.length) {
      waits = Arrays.copyOf(waits, waitCount * 2);
    }
    waits[waitCount++] = ms;
  }

  /** The wait in ms at quantile {@code q} (0..1, nearest rank), or 0 when nothing waited. */
  public long waitQuantile(double q) {
    if (waitCount == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(waits, waitCount);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * waitCount);
    return sorted[Math.max(0, Math.min(waitCount - 1, rank - 1))];
  }

  public int waits() {
    return waitCount;
  }

  public long memMs() {
    return memMs;
  }

  public int appsSubmitted() {
    return appsSubmitted;
  }

  public int appsFinished() {
    return appsFinished;
  }

  public int appsRejected() {
    return appsRejected;
  }

  public int preemptions() {
    return preemptions;
  }

  public long containers() {
    return containers;
  }
}
