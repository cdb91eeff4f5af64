package dev.spindle.rm.bench;

import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.RecordSink;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.core.AmLauncher;
import dev.spindle.rm.core.ContainerGrant;
import dev.spindle.rm.core.RmSettings;
import dev.spindle.rm.rpc.ResourceTrackerService;
import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerRegistry;
import dev.spindle.scheduler.SchedulerSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.ResourceTracker;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;

/**
 * Idle NM heartbeats over real Hadoop RPC, in one JVM: the RM's ResourceTrackerService with
 * its event loop and core on port 0, and client threads playing {@code nodes} registered NMs
 * heartbeating in turn at full speed. Reports heartbeats per second, client-side latency
 * percentiles, and the CPU the RM's threads (IPC listener, readers, handlers, responder, the
 * core loop) spent per heartbeat, read from the JVM's per-thread CPU clocks: the clients'
 * CPU is not counted. Not JMH: a closed-loop load over the loopback interface.
 *
 * <pre>java -cp ... dev.spindle.rm.bench.WireHeartbeatBench [nodes] [seconds] [threads]</pre>
 */
public final class WireHeartbeatBench {

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    BenchRm.quietLogs();
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, "127.0.0.1:0");
    SchedulerSettings settings = new SchedulerSettings(ResourceVector.of(1024, 1),
        ResourceVector.of(8192, 4), ResourceVector.of(1024, 1),
        SchedulerSettings.Calculator.MEMORY);
    long start = System.currentTimeMillis();
    ContainerTokenSecretManager containerKeys = new ContainerTokenSecretManager(conf, start);
    NmTokenSecretManager nmKeys = new NmTokenSecretManager();
    RmCore core = new RmCore(RmSettings.from(conf, start),
        SchedulerRegistry.withBuiltins().create("fifo", settings), settings,
        System::currentTimeMillis, RecordSink.IN_MEMORY, new NoLauncher(),
        new AmrmTokenSecretManager(), containerKeys, nmKeys, host -> "/default-rack");
    try (EventLoop loop = new EventLoop()) {
      ResourceTrackerService service = new ResourceTrackerService(loop, core, containerKeys,
          nmKeys);
      service.init(conf);
      service.start();
      InetSocketAddress address =
          NetUtils.createSocketAddr(conf.get(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS));
      ResourceTracker rm = (ResourceTracker) YarnRPC.create(conf)
          .getProxy(ResourceTracker.class, address, conf);
      NodeHeartbeatRequest[] requests = new NodeHeartbeatRequest[nodes];
      for (int i = 0; i < nodes; i++) {
        NodeId id = NodeId.newInstance(BenchRm.host(i), 8041);
        RegisterNodeManagerResponse r = rm.registerNodeManager(
            RegisterNodeManagerRequest.newInstance(id, 8042, Resource.newInstance(8192, 8),
                "3.5.0", List.of(), List.of()));
        requests[i] = request(id, r.getContainerTokenMasterKey(), r.getNMTokenMasterKey());
      }
      System.out.printf("registration of %d nodes took %.1f s%n", nodes,
          (System.currentTimeMillis() - start) / 1e3);
      AtomicIntegerArray responseIds = new AtomicIntegerArray(nodes);
      System.out.printf("%d nodes registered; %d client threads for %d s (5 s warm-up)%n",
          nodes, threads, seconds);
      run(rm, requests, responseIds, threads, 5, null);
      long cpuBefore = rmCpuNanos("");
      long coreBefore = rmCpuNanos("spindle-rm-core");
      long[] latencies = new long[4_000_000];
      long t0 = System.nanoTime();
      int done = run(rm, requests, responseIds, threads, seconds, latencies);
      double wall = (System.nanoTime() - t0) / 1e9;
      long cpu = rmCpuNanos("") - cpuBefore;
      long coreCpu = rmCpuNanos("spindle-rm-core") - coreBefore;
      long[] sorted = Arrays.copyOf(latencies, Math.min(done, latencies.length));
      Arrays.sort(sorted);
      System.out.printf("heartbeats %d in %.1f s: %.0f/s; RM CPU %.1f us per heartbeat"
              + " (%.2f cores); latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          done, wall, done / wall, cpu / 1e3 / done, cpu / 1e9 / wall,
          pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
      System.out.printf("of which the core loop thread %.1f us; at 10,000 nodes every 2 s"
          + " (5,000/s) the RM needs %.2f cores%n", coreCpu / 1e3 / done,
          cpu / 1e9 / done * 5_000);
      service.stop();
    }
  }

  /** Heartbeats nodes in turn from {@code threads} threads; returns how many were sent. */
  private static int run(ResourceTracker rm, NodeHeartbeatRequest[] requests,
      AtomicIntegerArray responseIds, int threads, int seconds, long[] latencies)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic
        .AtomicInteger();
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int first = t;
      ts[t] = new Thread(() -> {
        int i = first;
        while (System.nanoTime() < end) {
          NodeHeartbeatRequest req = requests[i];
          synchronized (req) {
            req.getNodeStatus().setResponseId(responseIds.get(i));
            long s = System.nanoTime();
            try {
              NodeHeartbeatResponse r = rm.nodeHeartbeat(req);
              responseIds.set(i, r.getResponseId());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            int n = count.getAndIncrement();
            if (latencies != null && n < latencies.length) {
              latencies[n] = System.nanoTime() - s;
            }
          }
          i = (i + threads) % requests.length;
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    return count.get();
  }

  private static NodeHeartbeatRequest request(NodeId id, MasterKey containerKey,
      MasterKey nmKey) {
    NodeStatus status = NodeStatus.newInstance(id, 0, List.of(), List.of(),
        NodeHealthStatus.newInstance(true, "", System.currentTimeMillis()), null, null,
        List.of());
    NodeHeartbeatRequest request =
        NodeHeartbeatRequest.newInstance(status, containerKey, nmKey, null);
    request.setTokenSequenceNo(0);
    return request;
  }

  /**
   * CPU time of the RM's server threads (IPC server threads and the core loop) whose names
   * start with {@code prefix} ("" for all of them).
   */
  private static long rmCpuNanos(String prefix) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String name = info.getThreadName();
      boolean rm = name.startsWith("IPC Server") || name.startsWith("Socket Reader")
          || name.startsWith("spindle-rm-core");
      if (rm && name.startsWith(prefix)) {
        long cpu = mx.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }

  private static final class NoLauncher implements AmLauncher {
    @Override
    public void launch(LaunchRequest request) {}

    @Override
    public void stop(ApplicationAttemptId attemptId, ContainerGrant container) {}
  }
}
