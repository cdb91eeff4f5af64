package dev.spindle.rm.bench;

import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.NodeHeartbeatResponsePBImpl;
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
 * The idle NM heartbeat on a 10,000-node cluster, the way the RPC layer hands it to the RM:
 * the request parsed from its bytes into the PB record and made the core's command, the
 * core's heartbeat, and its orders made the response record and serialized back, as
 * ResourceTrackerService does it (without the RPC server). {@code encodeRequest} is the NM's share (building the request
 * bytes), included in {@code idleHeartbeat}; subtract it for the RM's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NodeHeartbeatBench {

  @Param({"fifo", "capacity"})
  public String policy;

  private BenchRm rm;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    rm = new BenchRm(policy);
  }

  @Benchmark
  public int idleHeartbeat() {
    int i = next;
    next = (next + 1) % BenchRm.NODES;
    NodeHeartbeatResponse r = rm.heartbeat(i);
    return ((NodeHeartbeatResponsePBImpl) r).getProto().toByteArray().length;
  }

  @Benchmark
  public int encodeRequest() {
    int i = next;
    next = (next + 1) % BenchRm.NODES;
    return rm.nextRequestBytes(i).length;
  }
}
