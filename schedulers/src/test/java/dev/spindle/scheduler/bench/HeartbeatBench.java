package dev.spindle.scheduler.bench;

import dev.spindle.scheduler.Allocation;
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
 * Per-decision latency in steady state on the full cluster: one node's 16 containers end
 * and its heartbeat places 16 new ones. The score is one heartbeat (16 decisions) including
 * the 16 releases; the sample mode gives percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HeartbeatBench {

  @Param({"fifo", "capacity-memory", "capacity-dominant", "fair-drf"})
  public String policy;

  private Scheduler scheduler;
  /** Live allocation ids per node index. */
  private long[][] live;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    scheduler = BenchCluster.build(policy);
    live = new long[BenchCluster.NODES][];
    int[] filled = new int[BenchCluster.NODES];
    for (int i = 0; i < BenchCluster.NODES; i++) {
      live[i] = new long[BenchCluster.CONTAINERS_PER_NODE];
    }
    for (Allocation a : scheduler.allocateAll()) {
      int node = Integer.parseInt(a.nodeId().substring(1, 6));
      live[node][filled[node]++] = a.allocationId();
    }
  }

  @Benchmark
  public int heartbeat() {
    int node = next;
    next = (next + 1) % BenchCluster.NODES;
    long[] ids = live[node];
    for (long id : ids) {
      scheduler.release(id);
    }
    List<Allocation> placed = scheduler.allocateOn(BenchCluster.node(node));
    for (int i = 0; i < placed.size(); i++) {
      ids[i] = placed.get(i).allocationId();
    }
    return placed.size();
  }
}
