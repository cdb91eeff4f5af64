package dev.spindle.scheduler;

import dev.spindle.scheduler.SchedulerSettings.Calculator;

/**
 * The arithmetic every policy shares: normalising asks, deciding whether a container fits in
 * free space, and the effective maximum allocation. Which resources count is decided by the
 * settings' {@link Calculator}, exactly once, here.
 */
final class ResourceRules {

  private final SchedulerSettings settings;

  ResourceRules(SchedulerSettings settings) {
    this.settings = settings;
  }

  SchedulerSettings settings() {
    return settings;
  }

  /**
   * Raises each resource to the minimum and rounds it up to a multiple of the increment. With
   * the memory-only calculator the vcores become 1, as YARN's DefaultResourceCalculator
   * rebuilds the resource from memory alone. Further resource types (GPUs, ...) are kept
   * as asked whatever the calculator: their minimum is zero and their increment one, as
   * {@code resource-types.xml} declares countable types by default. Never caps at the
   * maximum: asks above it are rejected by the RM, not silently shrunk.
   */
  ResourceVector normalize(ResourceVector ask) {
    ResourceVector min = settings.minimumAllocation();
    ResourceVector step = settings.increment();
    long memory = roundUp(Math.max(ask.memoryMb(), min.memoryMb()), step.memoryMb());
    if (settings.calculator() == Calculator.MEMORY) {
      return ask.withMemoryAndVcores(memory, 1);
    }
    long vcores = roundUp(Math.max(ask.vcores(), min.vcores()), step.vcores());
    return ask.withMemoryAndVcores(memory, vcores);
  }

  /**
   * True when a container of {@code size} fits in a node's {@code free} space under the
   * calculator. Further resource types always count, whatever the calculator: a GPU ask must
   * never land on a node without a free GPU.
   */
  boolean fits(ResourceVector size, ResourceVector free) {
    if (settings.calculator() == Calculator.MEMORY) {
      return size.memoryMb() <= free.memoryMb()
          && size.othersFitIn(free);
    }
    return size.fitsIn(free);
  }

  /**
   * True when {@code size} is within a queue or user {@code limit} under the calculator.
   * Queue limits are configured and computed in memory and vcores only, so further resource
   * types are bounded by the nodes and the maximum allocation, not by queues.
   */
  boolean withinLimit(ResourceVector size, ResourceVector limit) {
    if (settings.calculator() == Calculator.MEMORY) {
      return size.memoryMb() <= limit.memoryMb();
    }
    return size.fitsInMemoryAndVcores(limit);
  }

  /**
   * The share of the cluster {@code r} amounts to under the calculator: memory alone, or the
   * dominant (largest) share over memory, vcores and every further resource type. Zero for an
   * empty cluster.
   */
  double share(ResourceVector r, ResourceVector cluster) {
    if (settings.calculator() == Calculator.MEMORY) {
      return cluster.memoryMb() <= 0 ? 0 : (double) r.memoryMb() / cluster.memoryMb();
    }
    return r.dominantShare(cluster);
  }

  /**
   * True when {@code free} can hold at least the minimum container. Every normalised ask is
   * at least the minimum, so a node without room for it can be skipped without looking at
   * any ask.
   */
  boolean hasRoomForMinimum(ResourceVector free) {
    return fits(settings.minimumAllocation(), free);
  }

  /**
   * {@code free} cut down to what {@code limit} allows under the calculator: memory alone, or
   * memory and vcores. Further types stay as free (queues do not limit them).
   */
  ResourceVector clip(ResourceVector free, ResourceVector limit) {
    long mb = Math.max(0, Math.min(free.memoryMb(), limit.memoryMb()));
    long vcores = settings.calculator() == Calculator.MEMORY ? free.vcores()
        : Math.max(0, Math.min(free.vcores(), limit.vcores()));
    return free.withMemoryAndVcores(mb, vcores);
  }

  /** True when the room left under a queue limit can hold at least the minimum container. */
  boolean limitHasRoomForMinimum(ResourceVector room) {
    return withinLimit(settings.minimumAllocation(), room);
  }

  /**
   * The configured maximum capped per resource by the largest node; the configured maximum
   * while there are no nodes (YARN's ClusterNodeTracker#getMaxAllowedAllocation).
   */
  ResourceVector effectiveMaximum(ResourceVector largestNode) {
    ResourceVector configured = settings.maximumAllocation();
    return largestNode == null ? configured : configured.min(largestNode);
  }

  private static long roundUp(long value, long step) {
    if (step <= 0) {
      return value;
    }
    // Math.ceilDiv is Java 18+; -floorDiv(-v, s) is the ceiling for any sign.
    return -Math.floorDiv(-value, step) * step;
  }
}
