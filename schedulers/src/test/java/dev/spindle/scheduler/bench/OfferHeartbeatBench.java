package dev.spindle.scheduler.bench;

import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.OfferScheduling;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import java.util.ArrayList;
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
 * <p>Steady state on a full cluster: one node's 16 tasks end, its heartbeat offers the node
 * to the framework with the lowest share, which launches 16 tasks out of the offer. The score
 * is one heartbeat with its releases and the accept.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OfferHeartbeatBench {

  private static final int FRAMEWORKS = 100;
  private static final ResourceVector TASK = ResourceVector.of(1024, 1);

  @Param({"fifo", "capacity-dominant", "fair-drf"})
  public String policy;

  private Scheduler scheduler;
  private OfferScheduling offers;
  private long now;
  /** Live task allocation ids per node index. */
  private long[][] live;
  private int next;


  /** Fills the cluster with tasks, one accepted offer per node. */
  @Setup(Level.Trial)
  public void fill() {
    scheduler = BenchCluster.withFrameworks(policy, FRAMEWORKS);
    offers = (OfferScheduling) scheduler;
    live = new long[BenchCluster.NODES][];
    for (Allocation offer : scheduler.allocateAll()) {
      live[index(offer.nodeId())] = accept(offer);
    }
  }

  @Benchmark
  public int heartbeat() {
    int node = next;
    next = (next + 1) % BenchCluster.NODES;
    for (long id : live[node]) {
      scheduler.release(id);
    }
    List<Allocation> made = scheduler.allocateOn(BenchCluster.node(node));
    for (Allocation offer : made) {
      live[node] = accept(offer);
    }
    return made.size();
  }

  private long[] accept(Allocation offer) {
    int tasks = (int) (offer.resource().memoryMb() / TASK.memoryMb());
    List<ResourceVector> sizes = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      sizes.add(TASK);
    }
    var answer = offers.acceptOffer(offer.appKey(), offer.allocationId(), sizes, now, now);
    long[] ids = new long[answer.launched().size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = answer.launched().get(i).allocationId();
    }
    return ids;
  }

  private static int index(String nodeId) {
    return Integer.parseInt(nodeId.substring(1, 6));
  }
}
