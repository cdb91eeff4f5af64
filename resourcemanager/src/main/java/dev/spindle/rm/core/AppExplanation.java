package dev.spindle.rm.core;

import dev.spindle.scheduler.AskExplanation;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * Why an application waits: its outstanding asks, each with the latest reason the scheduler
 * did not place it (see {@link AskExplanation}). Immutable: taken on the loop, read anywhere.
 *
 * @param state    the application's RM state name (ACCEPTED, RUNNING, ...)
 * @param priority the application's priority (0 when it gave none)
 * @param asks     in serving order; empty when it waits for nothing
 * @param asOf     the RM's time when this was taken (ms)
 */
public record AppExplanation(ApplicationId id, String queue, String user, String state,
    boolean finished, int priority, List<AskExplanation> asks, long asOf) {

  /** One line per waiting ask group (its ANY ask), at most {@code max}, for diagnostics. */
  public String summary(int max) {
    return summary(asks, max);
  }

  /** As {@link #summary(int)} for the given asks. */
  public static String summary(List<AskExplanation> asks, int max) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    int groups = 0;
    for (AskExplanation a : asks) {
      if (!a.resourceName().equals(dev.spindle.scheduler.Ask.ANY)) {
        continue;
      }
      groups++;
      if (shown < max) {
        if (out.length() > 0) {
          out.append('\n');
        }
        out.append(line(a));
        shown++;
      }
    }
    if (groups > shown) {
      out.append("\n... and ").append(groups - shown).append(" more waiting asks");
    }
    return out.toString();
  }

  /** An ask and its reason on one line, as the CLI and the diagnostics print it. */
  public static String line(AskExplanation a) {
    String what = a.offer() ? "offers: " + a.count() + " outstanding"
        : "priority " + a.priority() + ", allocationRequestId " + a.allocationRequestId()
            + ", " + a.resourceName() + " x" + a.count() + " of <memory:"
            + a.capability().memoryMb() + ", vCores:" + a.capability().vcores() + ">";
    String since = a.since() < 0 ? "" : " (since " + java.time.Instant.ofEpochMilli(a.since())
        + ")";
    return "Waiting: " + what + ": " + a.words() + since;
  }
}
