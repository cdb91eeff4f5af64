package dev.spindle.rm.bench;

import dev.spindle.rm.core.AllocateResult;
import dev.spindle.rm.core.ContainerGrant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.exceptions.YarnException;
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
 * AM allocate calls on a busy 10,000-node cluster where one application's ask cannot be
 * placed: a filler application holds 3 GB of every 4 GB node, a blocked application asks
 * for a 2 GB container no node has room for, and the measured AM asks for one 1 GB container
 * and releases the one it got on its previous call (steady churn). Every call places that
 * container in its own response. {@code allocate} scores one allocate through the core (the
 * core thread's share); {@code allocateAndRespond} adds what the AM-RM adapter does with the
 * result on its RPC handler thread (the response records, container and NM tokens).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AllocateBench {

  @Param({"fifo", "capacity"})
  public String policy;

  private BenchRm.Am am;
  private List<ContainerGrant> held = List.of();

  @Setup(Level.Trial)
  public void setUp() throws YarnException {
    BenchRm rm = new BenchRm(policy);
    BenchRm.Am filler = rm.startUnmanagedAm("default");
    BenchRm.Am blocked = rm.startUnmanagedAm("default");
    am = rm.startUnmanagedAm("default");
    int got = filler.allocate(BenchRm.NODES, 3072, List.of()).allocated().size();
    if (got != BenchRm.NODES) {
      throw new IllegalStateException("filler got " + got);
    }
    blocked.allocate(1, 2048, List.of());
  }

  @Benchmark
  public int allocate() throws YarnException {
    AllocateResult r = am.allocate(1, 1024, held);
    held = r.allocated();
    if (held.size() != 1) {
      throw new IllegalStateException("expected one container, got " + held.size());
    }
    return held.size();
  }

  @Benchmark
  public AllocateResponse allocateAndRespond() throws YarnException {
    AllocateResult r = am.allocate(1, 1024, held);
    held = r.allocated();
    if (held.size() != 1) {
      throw new IllegalStateException("expected one container, got " + held.size());
    }
    return am.response(r);
  }
}
