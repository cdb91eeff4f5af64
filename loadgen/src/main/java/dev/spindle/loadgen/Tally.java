package dev.spindle.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The counters every simulated NM and AM of one run adds to, from any thread. */
final class Tally {

  private static final Logger LOG = LoggerFactory.getLogger(Tally.class);
  /** Failures kept word for word; the rest are only counted. */
  private static final int KEPT_MESSAGES = 10;

  /**
   * Whether the measured window is open: call latencies and late heartbeats count only inside
   * it, so that idle heartbeats while the AMs register do not dilute a container run's figures.
   */
  volatile boolean measuring;
  final AtomicLong rpcErrors = new AtomicLong();
  final AtomicLong lateHeartbeats = new AtomicLong();
  final AtomicLong resyncs = new AtomicLong();
  final AtomicLong shutdowns = new AtomicLong();
  final AtomicLong nodeOverAllocations = new AtomicLong();
  final AtomicLong appOverAllocations = new AtomicLong();
  final AtomicLong surplusReleased = new AtomicLong();
  final AtomicLong foreignReleased = new AtomicLong();
  final AtomicLong abnormalExits = new AtomicLong();
  final AtomicLong allocated = new AtomicLong();
  final AtomicLong completed = new AtomicLong();
  final LatencyRecorder heartbeats = new LatencyRecorder();
  final LatencyRecorder allocates = new LatencyRecorder();
  /** System.nanoTime() of each kept allocation, for the rates. */
  final LatencyRecorder allocationTimes = new LatencyRecorder();
  private final List<String> failures = new ArrayList<>();
  private final List<String> rpcMessages = new ArrayList<>();

  void rpcError(String what, Throwable e) {
    long n = rpcErrors.incrementAndGet();
    synchronized (rpcMessages) {
      if (rpcMessages.size() < KEPT_MESSAGES) {
        rpcMessages.add(what + ": " + e);
      }
    }
    if (n <= KEPT_MESSAGES) {
      LOG.warn("{} failed", what, e);
    }
  }

  /** A reason the run is invalid beyond the counters (a timeout, a rejected app...). */
  void fail(String why) {
    LOG.warn("load run: {}", why);
    synchronized (failures) {
      if (failures.size() < KEPT_MESSAGES) {
        failures.add(why);
      } else if (failures.size() == KEPT_MESSAGES) {
        failures.add("(more failures not kept)");
      }
    }
  }

  void nodeOverAllocation(String why) {
    if (nodeOverAllocations.incrementAndGet() <= KEPT_MESSAGES) {
      LOG.warn("over-allocation: {}", why);
    }
  }

  void appOverAllocation(String why) {
    if (appOverAllocations.incrementAndGet() <= KEPT_MESSAGES) {
      LOG.warn("over-allocation: {}", why);
    }
  }

  /** Explicit failures plus the first RPC error messages (the count is in the result). */
  List<String> failures() {
    List<String> all = new ArrayList<>();
    synchronized (failures) {
      all.addAll(failures);
    }
    synchronized (rpcMessages) {
      rpcMessages.forEach(m -> all.add("RPC error: " + m));
    }
    return all;
  }
}
