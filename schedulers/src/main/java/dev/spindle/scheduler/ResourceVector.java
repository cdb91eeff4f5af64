package dev.spindle.scheduler;

import java.util.Arrays;

/**
 * An amount of cluster resources: memory in MB, virtual cores, and any further countable
 * resource types ({@code yarn.io/gpu}, ...). Immutable value type used on the scheduler's hot
 * path instead of Hadoop's PB-backed {@code Resource} records.
 *
 * <p>Memory and vcores stay plain fields so the common two-resource arithmetic costs what it
 * did before custom types existed. The other types live in {@code others}, indexed by an
 * order the RM fixes at start (Hadoop's {@code ResourceUtils} index minus two); the core does
 * not know their names. A missing trailing entry means zero, so vectors built from memory and
 * vcores alone combine with longer ones and compare equal when the extra amounts are zero.
 */
public final class ResourceVector {

  private static final long[] NONE = new long[0];

  public static final ResourceVector ZERO = new ResourceVector(0, 0);

  private final long memoryMb;
  private final long vcores;
  /** Amounts of the further resource types; never null, trailing zeros trimmed. */
  private final long[] others;

  public ResourceVector(long memoryMb, long vcores) {
    this(memoryMb, vcores, NONE);
  }

  private ResourceVector(long memoryMb, long vcores, long[] others) {
    this.memoryMb = memoryMb;
    this.vcores = vcores;
    this.others = others;
  }

  public static ResourceVector of(long memoryMb, long vcores) {
    return new ResourceVector(memoryMb, vcores);
  }

  /**
   * A vector with further resource types; {@code others[i]} is the amount of type {@code i}
   * in the RM's registry. The array is copied.
   */
  public static ResourceVector of(long memoryMb, long vcores, long... others) {
    return new ResourceVector(memoryMb, vcores, trim(others.clone()));
  }

  public long memoryMb() {
    return memoryMb;
  }

  public long vcores() {
    return vcores;
  }

  /** Number of further resource types this vector carries (trailing zeros are not kept). */
  public int otherCount() {
    return others.length;
  }

  /** Amount of further resource type {@code i}; zero beyond {@link #otherCount()}. */
  public long other(int i) {
    return i < others.length ? others[i] : 0;
  }

  /** This vector's further resource types with the given memory and vcores. */
  public ResourceVector withMemoryAndVcores(long memoryMb, long vcores) {
    return new ResourceVector(memoryMb, vcores, others);
  }

  /** True when some further resource type has a non-zero amount. */
  public boolean hasOthers() {
    return others.length > 0;
  }

  public ResourceVector plus(ResourceVector o) {
    if ((others.length | o.others.length) == 0) {
      return new ResourceVector(memoryMb + o.memoryMb, vcores + o.vcores);
    }
    long[] sum = new long[Math.max(others.length, o.others.length)];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = other(i) + o.other(i);
    }
    return new ResourceVector(memoryMb + o.memoryMb, vcores + o.vcores, trim(sum));
  }

  public ResourceVector minus(ResourceVector o) {
    if ((others.length | o.others.length) == 0) {
      return new ResourceVector(memoryMb - o.memoryMb, vcores - o.vcores);
    }
    long[] diff = new long[Math.max(others.length, o.others.length)];
    for (int i = 0; i < diff.length; i++) {
      diff[i] = other(i) - o.other(i);
    }
    return new ResourceVector(memoryMb - o.memoryMb, vcores - o.vcores, trim(diff));
  }

  public ResourceVector times(long n) {
    if (others.length == 0) {
      return new ResourceVector(memoryMb * n, vcores * n);
    }
    long[] out = new long[others.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = others[i] * n;
    }
    return new ResourceVector(memoryMb * n, vcores * n, trim(out));
  }

  /**
   * Every component multiplied by {@code f} and rounded down: a queue's percentage of the
   * cluster covers the further resource types too, as in the stock Capacity Scheduler.
   */
  public ResourceVector scaleDown(double f) {
    long[] out = NONE;
    if (others.length > 0) {
      out = new long[others.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (long) Math.floor(others[i] * f);
      }
    }
    return new ResourceVector((long) Math.floor(memoryMb * f), (long) Math.floor(vcores * f),
        trim(out));
  }

  /**
   * True when every component, further resource types included, is at most the matching
   * component of {@code o}.
   */
  public boolean fitsIn(ResourceVector o) {
    return memoryMb <= o.memoryMb && vcores <= o.vcores && othersFitIn(o);
  }

  /** True when every further resource type is at most that of {@code o}. */
  public boolean othersFitIn(ResourceVector o) {
    if ((others.length | o.others.length) == 0) {
      return true;
    }
    for (int i = 0; i < others.length; i++) {
      if (others[i] > o.other(i)) {
        return false;
      }
    }
    if (o.others.length > others.length) {
      // o may carry negative further amounts (free space of an over-committed node).
      for (int i = others.length; i < o.others.length; i++) {
        if (o.others[i] < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * True when memory and vcores are at most those of {@code o}, whatever the further types.
   * For queue limits and shares, which are configured and computed in memory and vcores only
   * (custom types are bounded by the nodes and the maximum allocation).
   */
  public boolean fitsInMemoryAndVcores(ResourceVector o) {
    return memoryMb <= o.memoryMb && vcores <= o.vcores;
  }

  /** Component-wise minimum. */
  public ResourceVector min(ResourceVector o) {
    if ((others.length | o.others.length) == 0) {
      return new ResourceVector(Math.min(memoryMb, o.memoryMb), Math.min(vcores, o.vcores));
    }
    long[] out = new long[Math.max(others.length, o.others.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.min(other(i), o.other(i));
    }
    return new ResourceVector(Math.min(memoryMb, o.memoryMb), Math.min(vcores, o.vcores),
        trim(out));
  }

  /** Component-wise maximum. */
  public ResourceVector max(ResourceVector o) {
    if ((others.length | o.others.length) == 0) {
      return new ResourceVector(Math.max(memoryMb, o.memoryMb), Math.max(vcores, o.vcores));
    }
    long[] out = new long[Math.max(others.length, o.others.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(other(i), o.other(i));
    }
    return new ResourceVector(Math.max(memoryMb, o.memoryMb), Math.max(vcores, o.vcores),
        trim(out));
  }

  /** This vector with negative components raised to zero. */
  public ResourceVector clampToZero() {
    return max(ZERO);
  }

  public boolean isZero() {
    return memoryMb == 0 && vcores == 0 && others.length == 0;
  }

  public boolean anyNegative() {
    if (memoryMb < 0 || vcores < 0) {
      return true;
    }
    for (long v : others) {
      if (v < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The largest share of {@code cluster} any component amounts to (memory, vcores and every
   * further type); a component the cluster has none of counts as zero. Dominant Resource
   * Fairness and the dominant resource calculator order by this.
   */
  public double dominantShare(ResourceVector cluster) {
    double share = Math.max(ratio(memoryMb, cluster.memoryMb), ratio(vcores, cluster.vcores));
    for (int i = 0; i < others.length; i++) {
      share = Math.max(share, ratio(others[i], cluster.other(i)));
    }
    return share;
  }

  /**
   * The smallest share over the resources {@code cluster} has (the drf tie-break). Further
   * types the cluster has none of are skipped, so a GPU-less cluster orders as before.
   */
  public double minorShare(ResourceVector cluster) {
    double share = Math.min(ratio(memoryMb, cluster.memoryMb), ratio(vcores, cluster.vcores));
    for (int i = 0; i < cluster.others.length; i++) {
      if (cluster.others[i] > 0) {
        share = Math.min(share, ratio(other(i), cluster.others[i]));
      }
    }
    return share;
  }

  private static double ratio(long part, long whole) {
    return whole <= 0 ? 0 : (double) part / whole;
  }

  private static long[] trim(long[] values) {
    int n = values.length;
    while (n > 0 && values[n - 1] == 0) {
      n--;
    }
    if (n == 0) {
      return NONE;
    }
    return n == values.length ? values : Arrays.copyOf(values, n);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof ResourceVector v && memoryMb == v.memoryMb
        && vcores == v.vcores && Arrays.equals(others, v.others));
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(memoryMb) + Long.hashCode(vcores)) + Arrays.hashCode(others);
  }

  @Override
  public String toString() {
    String base = "<memory:" + memoryMb + ", vCores:" + vcores;
    return others.length == 0 ? base + ">" : base + ", others:" + Arrays.toString(others) + ">";
  }
}
