package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Fair-share computation (the stock {@code ComputeFairShares} idea, written afresh): a
 * parent's share is spread over its active children (those with runnable applications) per
 * resource, each child getting weight x R clamped to [minShare, maxShare], with R found by
 * bisection so the shares add up to what there is. Inactive children get nothing; a child of
 * weight zero gets its min share.
 */
final class FairShares {

  private static final int ITERATIONS = 25;

  private FairShares() {}

  /** Sets the fair share of every queue under {@code parent} from the parent's own. */
  static void distribute(FairQueue parent) {
    List<FairQueue> active = new ArrayList<>();
    for (FairQueue child : parent.children) {
      if (child.runnableInSubtree > 0) {
        active.add(child);
      } else {
        child.fairShare = ResourceVector.ZERO;
      }
    }
    long[] memory = shares(active, parent.fairShare.memoryMb(), true);
    long[] vcores = shares(active, parent.fairShare.vcores(), false);
    for (int i = 0; i < active.size(); i++) {
      active.get(i).fairShare = ResourceVector.of(memory[i], vcores[i]);
    }
    for (FairQueue child : parent.children) {
      distribute(child);
    }
  }

  private static long[] shares(List<FairQueue> queues, long total, boolean memory) {
    long[] out = new long[queues.size()];
    long fixed = 0;
    long maxTotal = 0;
    for (int i = 0; i < out.length; i++) {
      FairQueue q = queues.get(i);
      if (q.conf.weight() <= 0) {
        out[i] = Math.min(get(q.minShare, memory), get(q.maxShare, memory));
        fixed += out[i];
      } else {
        maxTotal = saturatingAdd(maxTotal, get(q.maxShare, memory));
      }
    }
    long available = Math.min(Math.max(total - fixed, 0), maxTotal);
    double hi = 1;
    while (used(queues, hi, memory) < available && hi < 1e18) {
      hi *= 2;
    }
    double lo = 0;
    for (int k = 0; k < ITERATIONS; k++) {
      double mid = (lo + hi) / 2;
      if (used(queues, mid, memory) < available) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    for (int i = 0; i < out.length; i++) {
      FairQueue q = queues.get(i);
      if (q.conf.weight() > 0) {
        out[i] = share(q, hi, memory);
      }
    }
    return out;
  }

  private static long used(List<FairQueue> queues, double ratio, boolean memory) {
    long sum = 0;
    for (FairQueue q : queues) {
      if (q.conf.weight() > 0) {
        sum = saturatingAdd(sum, share(q, ratio, memory));
      }
    }
    return sum;
  }

  private static long share(FairQueue q, double ratio, boolean memory) {
    double s = Math.max(q.conf.weight() * ratio, get(q.minShare, memory));
    return (long) Math.min(s, get(q.maxShare, memory));
  }

  private static long get(ResourceVector r, boolean memory) {
    return memory ? r.memoryMb() : r.vcores();
  }

  private static long saturatingAdd(long a, long b) {
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
  }
}
