package dev.spindle.scheduler;

/**
 * Cluster-wide allocation settings common to every policy
 * ({@code yarn.scheduler.minimum/maximum-allocation-*}, the normalisation step).
 *
 * @param minimumAllocation every ask is raised to at least this
 * @param maximumAllocation asks above this are rejected (before capping by the largest node)
 * @param increment         asks are rounded up to a multiple of this (the minimum for FIFO and
 *                          Capacity, {@code yarn.scheduler.increment-allocation-*} for Fair)
 * @param calculator        which resources count when deciding whether a container fits
 */
public record SchedulerSettings(
    ResourceVector minimumAllocation,
    ResourceVector maximumAllocation,
    ResourceVector increment,
    Calculator calculator) {

  /** Which resources the scheduler accounts for. */
  public enum Calculator {
    /** Memory only (YARN's DefaultResourceCalculator): normalised asks carry 1 vcore. */
    MEMORY,
    /** Memory and vcores (YARN's DominantResourceCalculator). */
    DOMINANT
  }

  /** The stock defaults: 1024 MB / 1 vcore minimum, 8192 MB / 4 vcores maximum, memory only. */
  public static SchedulerSettings defaults() {
    return new SchedulerSettings(
        ResourceVector.of(1024, 1), ResourceVector.of(8192, 4), ResourceVector.of(1024, 1),
        Calculator.MEMORY);
  }
}
