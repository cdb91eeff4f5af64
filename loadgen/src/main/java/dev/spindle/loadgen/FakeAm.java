package dev.spindle.loadgen;

import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceBlacklistRequest;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * One unmanaged ApplicationMaster, as the stock UnmanagedAMLauncher and AMRMClient run one:
 * submitted with {@code setUnmanagedAM(true)}, waits for its attempt to be LAUNCHED, takes the
 * AMRM token, and talks raw {@code ApplicationMasterProtocol} under a UGI named after the
 * attempt. Each {@link #beat} is one {@code allocate} with the absolute ask (ANY, the containers
 * still wanted), sent when it changed, as AMRMClient sends its ask table; surplus is released
 * on the next call, as are containers placed on a node that is not simulated (which is then
 * blacklisted). Allocated containers are "started" on their simulated node in-process.
 * Beats of one AM never overlap (one scheduled task per AM).
 */
final class FakeAm implements SimulatedApp {

  static final String APP_TYPE = "SPINDLE-LOADGEN";
  private static final Priority PRIORITY = Priority.newInstance(1);

  private final int index;
  private final LoadScenario scenario;
  private final NodeFleet fleet;
  private final Tally tally;
  private final Resource containerResource;
  private ApplicationId appId;
  private ApplicationMasterProtocol rm;
  private int responseId;
  private int kept;
  private int completed;
  /** The ask the RM holds (the last one sent); -1 before the first. */
  private int askAtRm = -1;
  /** Every container the RM ever gave this app: one given twice is an over-allocation. */
  private final Set<ContainerId> received = new HashSet<>();
  /** Kept containers not yet seen completed. */
  private final Set<ContainerId> held = new HashSet<>();
  private final List<ContainerId> toRelease = new ArrayList<>();
  /** Nodes that are not simulated (a real NM of the cluster), to blacklist on the next call. */
  private final List<String> toBlacklist = new ArrayList<>();
  private final Set<String> blacklisted = new HashSet<>();
  private volatile boolean done;
  private volatile boolean broken;

  FakeAm(int index, LoadScenario scenario, NodeFleet fleet, Tally tally) {
    this.index = index;
    this.scenario = scenario;
    this.fleet = fleet;
    this.tally = tally;
    this.containerResource = Resource.newInstance(scenario.containerMemoryMb(),
        scenario.containerVcores());
  }

  @Override
  public boolean start(YarnClient yarn, Configuration conf, long deadlineNanos)
      throws Exception {
    UnmanagedAttempt launched = UnmanagedAttempt.launch(yarn, conf, "loadgen-am-" + index,
        APP_TYPE, scenario.queue(), tally, deadlineNanos);
    if (launched == null) {
      return false;
    }
    appId = launched.appId();
    rm = launched.user().doAs((PrivilegedExceptionAction<ApplicationMasterProtocol>)
        () -> ClientRMProxy.createRMProxy(conf, ApplicationMasterProtocol.class));
    rm.registerApplicationMaster(RegisterApplicationMasterRequest.newInstance(
        "127.0.0.1", -1, ""));
    return true;
  }

  /** Talks to {@code rm} as app {@code appId}, registered elsewhere (tests). */
  void attach(ApplicationId appId, ApplicationMasterProtocol rm) {
    this.appId = appId;
    this.rm = rm;
  }

  @Override
  public boolean isDone() {
    return done || broken;
  }

  /**
   * One allocate call. A scheduled task that throws is silently never run again, so a bug
   * here ends this AM visibly instead.
   */
  @Override
  public void beat() {
    if (isDone()) {
      return;
    }
    try {
      allocate();
    } catch (RuntimeException e) {
      tally.fail(appId + ": the simulated AM failed: " + e);
      broken = true;
    }
  }

  /** Ask, release surplus, take containers and completions. */
  private void allocate() {
    int want = scenario.containersPerApp() - kept;
    List<ResourceRequest> asks = new ArrayList<>();
    int previousAsk = Math.max(askAtRm, 0);
    if (want != askAtRm) {
      asks.add(ResourceRequest.newInstance(PRIORITY, ResourceRequest.ANY, containerResource,
          want));
    }
    List<ContainerId> releases = new ArrayList<>(toRelease);
    List<String> blacklist = new ArrayList<>(toBlacklist);
    AllocateRequest request = AllocateRequest.newInstance(responseId,
        scenario.containersPerApp() == 0 ? 1f : (float) completed / scenario.containersPerApp(),
        asks, releases,
        blacklist.isEmpty() ? null : ResourceBlacklistRequest.newInstance(blacklist, List.of()));
    AllocateResponse response;
    long start = System.nanoTime();
    try {
      response = rm.allocate(request);
    } catch (Exception e) {
      tally.rpcError("allocate " + appId, e);
      return;
    }
    if (tally.measuring) {
      tally.allocates.record(System.nanoTime() - start);
    }
    askAtRm = want;
    toRelease.removeAll(releases);
    toBlacklist.removeAll(blacklist);
    responseId = response.getResponseId();
    if (response.getAMCommand() != null) {
      tally.resyncs.incrementAndGet();
      tally.fail(appId + " told " + response.getAMCommand());
      broken = true;
      return;
    }
    take(response.getAllocatedContainers(), previousAsk + want);
    for (ContainerStatus status : response.getCompletedContainersStatuses()) {
      if (held.remove(status.getContainerId())) {
        completed++;
        tally.completed.incrementAndGet();
        if (status.getExitStatus() != ContainerExitStatus.SUCCESS) {
          tally.abnormalExits.incrementAndGet();
        }
      }
    }
    if (completed == scenario.containersPerApp()) {
      finish();
    }
  }

  /**
   * Keeps what is still wanted and releases the rest. An RM may legitimately hand out what the
   * previous ask allowed plus what this one allows (allocations made between two calls are
   * unknown to the second ask); more than that, or a container seen twice, is over-allocation.
   */
  private void take(List<Container> containers, int allowed) {
    if (containers.size() > allowed) {
      tally.appOverAllocation(appId + " received " + containers.size()
          + " containers in one response when its asks allowed " + allowed);
    }
    long nowMs = System.currentTimeMillis();
    for (Container container : containers) {
      ContainerId id = container.getId();
      if (!received.add(id)) {
        tally.appOverAllocation(id + " allocated twice to " + appId);
        continue;
      }
      FakeNode node = fleet.node(container.getNodeId());
      if (node == null) {
        // A real NodeManager of the cluster: nothing here can run the container. Give it back
        // and keep the app off that node, as an AM blacklists a node it cannot use.
        tally.foreignReleased.incrementAndGet();
        toRelease.add(id);
        if (blacklisted.add(container.getNodeId().getHost())) {
          toBlacklist.add(container.getNodeId().getHost());
        }
      } else if (kept < scenario.containersPerApp()) {
        held.add(id);
        kept++;
        tally.allocated.incrementAndGet();
        tally.allocationTimes.record(System.nanoTime());
        node.start(id, container.getResource(), nowMs, scenario.taskMs());
      } else {
        tally.surplusReleased.incrementAndGet();
        toRelease.add(id);
      }
    }
  }

  private void finish() {
    FinishApplicationMasterRequest request = FinishApplicationMasterRequest.newInstance(
        FinalApplicationStatus.SUCCEEDED, "loadgen: all containers completed", null);
    try {
      // As AMRMClient: ask again until the RM says the unregistration is durable.
      for (int tries = 0; tries < 100; tries++) {
        if (rm.finishApplicationMaster(request).getIsUnregistered()) {
          break;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      tally.rpcError("finishApplicationMaster " + appId, e);
    }
    done = true;
  }

  ApplicationId appId() {
    return appId;
  }

  @Override
  public void close() {
    if (rm != null) {
      RPC.stopProxy(rm);
    }
  }
}
