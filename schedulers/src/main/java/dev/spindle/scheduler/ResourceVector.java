package dev.spindle.scheduler;

/**
 * An amount of cluster resources: memory in MB and virtual cores. Immutable value type used
 * on the scheduler's hot path instead of Hadoop's PB-backed {@code Resource} records.
 */
public record ResourceVector(long memoryMb, long vcores) {

  public static final ResourceVector ZERO = new ResourceVector(0, 0);

  public static ResourceVector of(long memoryMb, long vcores) {
    return new ResourceVector(memoryMb, vcores);
  }

  public ResourceVector plus(ResourceVector o) {
    return new ResourceVector(memoryMb + o.memoryMb, vcores + o.vcores);
  }

  public ResourceVector minus(ResourceVector o) {
    return new ResourceVector(memoryMb - o.memoryMb, vcores - o.vcores);
  }

  public ResourceVector times(long n) {
    return new ResourceVector(memoryMb * n, vcores * n);
  }

  /** True when every component of this vector is at most the matching component of {@code o}. */
  public boolean fitsIn(ResourceVector o) {
    return memoryMb <= o.memoryMb && vcores <= o.vcores;
  }

  /** Component-wise minimum. */
  public ResourceVector min(ResourceVector o) {
    return new ResourceVector(Math.min(memoryMb, o.memoryMb), Math.min(vcores, o.vcores));
  }

  /** Component-wise maximum. */
  public ResourceVector max(ResourceVector o) {
    return new ResourceVector(Math.max(memoryMb, o.memoryMb), Math.max(vcores, o.vcores));
  }

  /** This vector with negative components raised to zero. */
  public ResourceVector clampToZero() {
    return max(ZERO);
  }

  public boolean isZero() {
    return memoryMb == 0 && vcores == 0;
  }

  public boolean anyNegative() {
    return memoryMb < 0 || vcores < 0;
  }

  @Override
  public String toString() {
    return "<memory:" + memoryMb + ", vCores:" + vcores + ">";
  }
}
