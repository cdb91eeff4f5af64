package dev.spindle.scheduler.bench;

import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.OfferScheduling;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offer mode at 10,000 nodes and 100 frameworks (issue 10's benchmark).
 *
 * <p>A whole offer cycle over an idle cluster: every node's free resources are offered, in
 * policy order, and every framework declines every offer without a filter, which leaves the
 * cluster as it was. The score is one cycle: 10,000 offers and 10,000 declines. The steady
 * state of a full cluster is {@link OfferHeartbeatBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OfferCycleBench {

  private static final int FRAMEWORKS = 100;
  private static final ResourceVector TASK = ResourceVector.of(1024, 1);

  @Param({"fifo", "capacity-dominant", "fair-drf"})
  public String policy;

  private Scheduler scheduler;
  private OfferScheduling offers;
  private long now;

  @Setup(Level.Trial)
  public void setUp() {
    scheduler = BenchCluster.withFrameworks(policy, FRAMEWORKS);
    offers = (OfferScheduling) scheduler;
  }

  @Benchmark
  public int cycle() {
    List<Allocation> made = scheduler.allocateAll();
    for (Allocation offer : made) {
      offers.declineOffer(offer.appKey(), offer.allocationId(), now, now);
    }
    return made.size();
  }
}
