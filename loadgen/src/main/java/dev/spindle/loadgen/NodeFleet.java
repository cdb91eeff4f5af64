package dev.spindle.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.util.VersionInfo;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.api.ResourceTracker;
import org.apache.hadoop.yarn.server.api.ServerRMProxy;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;

/**
 * N simulated NodeManagers on one {@code ResourceTracker} proxy (one RPC connection for the
 * JVM; Hadoop's client multiplexes concurrent calls on it) and a small scheduled pool: each
 * node heartbeats every interval with a fixed delay after its previous heartbeat, as a stock
 * NM sleeps between heartbeats, and the nodes' first heartbeats are spread evenly over the
 * interval so the RM sees a steady stream rather than bursts.
 */
final class NodeFleet implements AutoCloseable {

  /**
   * The port every fake node claims. Nothing listens on it (privileged, unassigned), so an RM
   * that tries to launch an AM there is refused at once.
   */
  static final int FAKE_PORT = 1;
  static final int FAKE_HTTP_PORT = 2;

  private final LoadScenario scenario;
  private final Tally tally;
  private final ResourceTracker tracker;
  private final ScheduledExecutorService pool;
  private final List<FakeNode> nodes = new ArrayList<>();
  private final Map<NodeId, FakeNode> byId = new HashMap<>();

  NodeFleet(Configuration conf, LoadScenario scenario, Tally tally) throws IOException {
    this.scenario = scenario;
    this.tally = tally;
    this.tracker = ServerRMProxy.createRMProxy(conf, ResourceTracker.class);
    this.pool = Executors.newScheduledThreadPool(threads(scenario), daemonThreads("loadgen-nm"));
    Resource capability = Resource.newInstance(scenario.nodeMemoryMb(), scenario.nodeVcores());
    for (int i = 0; i < scenario.nodes(); i++) {
      FakeNode node = new FakeNode(NodeId.newInstance(fakeHost(i), FAKE_PORT), capability, tally);
      nodes.add(node);
      byId.put(node.id, node);
    }
  }

  /**
   * Heartbeats are blocking calls: enough threads that N nodes at the interval do not wait for
   * a free one even at 20 ms per call (a loaded RM, or a loaded machine), and not a thread per
   * node. Heartbeats that still start late are counted ({@code lateHeartbeats}).
   */
  static int threads(LoadScenario scenario) {
    double callsPerMs = (double) scenario.nodes() / scenario.nmHeartbeatMs();
    return (int) Math.max(8, Math.min(128, Math.ceil(callsPerMs * 20)));
  }

  /** 127.1.x.y, y in 1..254: distinct loopback addresses no real host uses. */
  static String fakeHost(int index) {
    return "127.1." + (index / 254) + "." + (index % 254 + 1);
  }

  FakeNode node(NodeId id) {
    return byId.get(id);
  }

  /** Registers every node (in parallel on the pool); false when one could not register. */
  boolean registerAll(long deadlineNanos) throws InterruptedException {
    List<Future<Boolean>> results = new ArrayList<>();
    for (FakeNode node : nodes) {
      results.add(pool.submit(() -> register(node)));
    }
    boolean all = true;
    for (Future<Boolean> result : results) {
      try {
        long left = deadlineNanos - System.nanoTime();
        all &= result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        all = false;
      } catch (java.util.concurrent.TimeoutException e) {
        tally.fail("node registration did not finish before the timeout");
        return false;
      }
    }
    return all;
  }

  private boolean register(FakeNode node) {
    RegisterNodeManagerRequest request = RegisterNodeManagerRequest.newInstance(node.id,
        FAKE_HTTP_PORT, node.capability, VersionInfo.getVersion(), node.registrationStatuses(),
        List.<ApplicationId>of());
    try {
      RegisterNodeManagerResponse response = tracker.registerNodeManager(request);
      if (response.getNodeAction() != NodeAction.NORMAL) {
        tally.fail(node.id + " registration answered " + response.getNodeAction() + ": "
            + response.getDiagnosticsMessage());
        node.shutDown();
        return false;
      }
      node.registered(response.getContainerTokenMasterKey(), response.getNMTokenMasterKey());
      return true;
    } catch (Exception e) {
      tally.rpcError("registerNodeManager " + node.id, e);
      return false;
    }
  }

  /** Starts the heartbeats, the first ones spread evenly over one interval. */
  void startHeartbeats() {
    long intervalMicros = scenario.nmHeartbeatMs() * 1000;
    for (int i = 0; i < nodes.size(); i++) {
      FakeNode node = nodes.get(i);
      long offset = intervalMicros * i / nodes.size();
      pool.scheduleWithFixedDelay(() -> heartbeatOrFail(node), offset, intervalMicros,
          TimeUnit.MICROSECONDS);
    }
  }

  /** A scheduled task that throws is silently never run again: a bug stops the node visibly. */
  private void heartbeatOrFail(FakeNode node) {
    try {
      heartbeat(node);
    } catch (RuntimeException e) {
      tally.fail(node.id + ": the simulated NM failed: " + e);
      node.shutDown();
    }
  }

  private void heartbeat(FakeNode node) {
    if (node.isShutDown()) {
      return;
    }
    long startNanos = System.nanoTime();
    if (node.lateAt(startNanos, TimeUnit.MILLISECONDS.toNanos(scenario.nmHeartbeatMs()))
        && tally.measuring) {
      tally.lateHeartbeats.incrementAndGet();
    }
    long nowMs = System.currentTimeMillis();
    NodeStatus status = NodeStatus.newInstance(node.id, node.responseId(), node.statuses(nowMs),
        List.of(), NodeHealthStatus.newInstance(true, "", nowMs), null, null, null);
    NodeHeartbeatRequest request = NodeHeartbeatRequest.newInstance(status,
        node.containerTokenKey(), node.nmTokenKey(), null);
    NodeHeartbeatResponse response;
    long start = System.nanoTime();
    try {
      response = tracker.nodeHeartbeat(request);
    } catch (Exception e) {
      if (!pool.isShutdown()) {
        tally.rpcError("nodeHeartbeat " + node.id, e);
      }
      return;
    } finally {
      node.heartbeatEnded(System.nanoTime());
    }
    if (tally.measuring) {
      tally.heartbeats.record(System.nanoTime() - start);
    }
    switch (response.getNodeAction()) {
      case RESYNC -> {
        // As a stock NM: register again (reporting what it holds) and go on heartbeating.
        tally.resyncs.incrementAndGet();
        register(node);
      }
      case SHUTDOWN -> {
        tally.shutdowns.incrementAndGet();
        tally.fail(node.id + " told to shut down: " + response.getDiagnosticsMessage());
        node.shutDown();
      }
      default -> node.accept(response, System.currentTimeMillis());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RPC.stopProxy(tracker);
  }

  static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
