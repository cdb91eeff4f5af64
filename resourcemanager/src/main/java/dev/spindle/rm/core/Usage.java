package dev.spindle.rm.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.ResourceInformation;

/**
 * What containers used over time and what preemption took, as the stock RMAppMetrics and
 * RMAppAttemptMetrics account it: resource x milliseconds per resource type (every type a
 * container carries, not only memory and vcores), and the resources and container counts
 * lost to preemption. Immutable; reports show resource-seconds (stock divides by 1000).
 *
 * @param resourceMs          resource name (stock URI: memory-mb, vcores, yarn.io/gpu) to the
 *                            sum of value x milliseconds
 * @param preemptedMs         the same for preempted containers only
 * @param preemptedMemoryMb   memory of the preempted containers
 * @param preemptedVcores     vcores of the preempted containers
 * @param preemptedAm         preempted AM containers
 * @param preemptedNonAm      preempted other containers
 */
public record Usage(Map<String, Long> resourceMs, Map<String, Long> preemptedMs,
    long preemptedMemoryMb, long preemptedVcores, int preemptedAm, int preemptedNonAm) {

  public static final Usage NONE = new Usage(Map.of(), Map.of(), 0, 0, 0, 0);

  public Usage {
    resourceMs = Collections.unmodifiableMap(new TreeMap<>(resourceMs));
    preemptedMs = Collections.unmodifiableMap(new TreeMap<>(preemptedMs));
  }

  /** This usage plus a container of {@code r} held for {@code ms}. */
  Usage charged(ResourceVector r, long ms) {
    return new Usage(plus(resourceMs, r, ms), preemptedMs, preemptedMemoryMb, preemptedVcores,
        preemptedAm, preemptedNonAm);
  }

  /**
   * This usage plus every running container up to {@code now}, in one pass: a report on an
   * application holding thousands of containers builds one map, not one per container.
   */
  Usage chargedRunning(Iterable<RmContainer> running, long now) {
    Map<String, Long> out = new TreeMap<>(resourceMs);
    for (RmContainer c : running) {
      addInto(out, c.resource, now - c.accountedFrom);
    }
    return new Usage(out, preemptedMs, preemptedMemoryMb, preemptedVcores, preemptedAm,
        preemptedNonAm);
  }

  /** This usage plus a preempted container of {@code r} that had run for {@code ms}. */
  Usage preempted(ResourceVector r, long ms, boolean am) {
    return new Usage(resourceMs, plus(preemptedMs, r, ms),
        preemptedMemoryMb + r.memoryMb(), preemptedVcores + r.vcores(),
        preemptedAm + (am ? 1 : 0), preemptedNonAm + (am ? 0 : 1));
  }

  Usage plus(Usage o) {
    Map<String, Long> used = new TreeMap<>(resourceMs);
    o.resourceMs.forEach((k, v) -> used.merge(k, v, Long::sum));
    Map<String, Long> lost = new TreeMap<>(preemptedMs);
    o.preemptedMs.forEach((k, v) -> lost.merge(k, v, Long::sum));
    return new Usage(used, lost, preemptedMemoryMb + o.preemptedMemoryMb,
        preemptedVcores + o.preemptedVcores, preemptedAm + o.preemptedAm,
        preemptedNonAm + o.preemptedNonAm);
  }

  /** Resource-seconds by resource name, as ApplicationResourceUsageReport carries them. */
  public Map<String, Long> resourceSeconds() {
    return seconds(resourceMs);
  }

  public Map<String, Long> preemptedSeconds() {
    return seconds(preemptedMs);
  }

  private static Map<String, Long> seconds(Map<String, Long> ms) {
    Map<String, Long> out = new TreeMap<>();
    ms.forEach((k, v) -> out.put(k, v / 1000));
    // Stock reports always name memory and vcores, even at zero.
    out.putIfAbsent(ResourceInformation.MEMORY_MB.getName(), 0L);
    out.putIfAbsent(ResourceInformation.VCORES.getName(), 0L);
    return out;
  }

  private static Map<String, Long> plus(Map<String, Long> base, ResourceVector r, long ms) {
    Map<String, Long> out = new TreeMap<>(base);
    addInto(out, r, ms);
    return out;
  }

  /** Every type the cluster declares, as a Hadoop record lists them (zero amounts too). */
  private static void addInto(Map<String, Long> into, ResourceVector r, long ms) {
    if (ms <= 0) {
      return;
    }
    into.merge(ResourceInformation.MEMORY_URI, r.memoryMb() * ms, Long::sum);
    into.merge(ResourceInformation.VCORES_URI, r.vcores() * ms, Long::sum);
    int n = ResourceConverter.otherTypeCount();
    for (int i = 0; i < n; i++) {
      into.merge(ResourceConverter.otherTypeName(i), r.other(i) * ms, Long::sum);
    }
  }
}
