package dev.spindle.scheduler.bench;

import dev.spindle.scheduler.Scheduler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Assignment throughput: one {@code allocateAll} pass fills the empty 10,000-node cluster
 * (160,000 containers). The score is the time per assignment (ns/op), so 1e9 / score is
 * assignments per second. Average mode, because JMH 1.20 ignores
 * {@code @OperationsPerInvocation} in single-shot mode; each invocation is long (tens of ms
 * or more), so the per-invocation setup does not distort it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class FillClusterBench {

  @Param({"fifo", "capacity-memory", "capacity-dominant", "fair-drf"})
  public String policy;

  private Scheduler scheduler;

  @Setup(Level.Invocation)
  public void setUp() {
    scheduler = BenchCluster.build(policy);
  }

  @Benchmark
  @OperationsPerInvocation(BenchCluster.NODES * BenchCluster.CONTAINERS_PER_NODE)
  public int fillCluster() {
    int placed = scheduler.allocateAll().size();
    if (placed != BenchCluster.NODES * BenchCluster.CONTAINERS_PER_NODE) {
      throw new IllegalStateException(policy + " placed " + placed);
    }
    return placed;
  }
}
