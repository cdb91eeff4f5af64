package dev.spindle.loadgen;

import dev.spindle.offers.OfferProtocolClient;
import dev.spindle.offers.OfferRpc;
import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.AllocatedContainerProto;
import dev.spindle.offers.proto.OfferProtos.ContainerStateProto;
import dev.spindle.offers.proto.OfferProtos.ContainerStatusProto;
import dev.spindle.offers.proto.OfferProtos.DeclineRequestProto;
import dev.spindle.offers.proto.OfferProtos.EventProto;
import dev.spindle.offers.proto.OfferProtos.FiltersProto;
import dev.spindle.offers.proto.OfferProtos.FinalStatusProto;
import dev.spindle.offers.proto.OfferProtos.KillRequestProto;
import dev.spindle.offers.proto.OfferProtos.LaunchProto;
import dev.spindle.offers.proto.OfferProtos.OfferProto;
import dev.spindle.offers.proto.OfferProtos.PollRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.ResourceValueProto;
import dev.spindle.offers.proto.OfferProtos.ResourceVectorProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkRequestProto;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.impl.pb.ContainerPBImpl;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.proto.YarnProtos.ContainerProto;

/**
 * One offer-mode framework (Spindle's offer protocol, raw, as a framework's AM would speak
 * it through am-client): an unmanaged AM that registers for offers, and on each beat polls,
 * then accepts every offer with as many of its tasks as the offer holds (the rest goes back
 * without a filter), declining offers it has no use for, and suppresses offers once every
 * task is launched. Accepted containers "run" on their
 * simulated node; a container on a node that is not simulated is killed again. Poll and
 * accept round trips are the AM-side latencies recorded ({@link Tally#allocates}).
 */
final class FakeFramework implements SimulatedApp {

  static final String APP_TYPE = "SPINDLE-LOADGEN-FRAMEWORK";

  private final int index;
  private final LoadScenario scenario;
  private final NodeFleet fleet;
  private final Tally tally;
  private ApplicationId appId;
  private OfferProtocolClient rm;
  private int responseId;
  private long seq;
  private int launched;
  private int completed;
  private final Set<ContainerId> held = new HashSet<>();
  private volatile boolean done;
  private volatile boolean broken;

  FakeFramework(int index, LoadScenario scenario, NodeFleet fleet, Tally tally) {
    this.index = index;
    this.scenario = scenario;
    this.fleet = fleet;
    this.tally = tally;
  }

  @Override
  public boolean start(YarnClient yarn, Configuration conf, long deadlineNanos)
      throws Exception {
    UnmanagedAttempt launched = UnmanagedAttempt.launch(yarn, conf,
        "loadgen-framework-" + index, APP_TYPE, scenario.queue(), tally, deadlineNanos);
    if (launched == null) {
      return false;
    }
    appId = launched.appId();
    rm = OfferRpc.connect(conf, OfferRpc.schedulerAddress(conf), launched.user());
    rm.registerFramework(RegisterFrameworkRequestProto.newBuilder()
        .setName("loadgen-framework-" + index).setHost("127.0.0.1").build());
    return true;
  }

  @Override
  public boolean isDone() {
    return done || broken;
  }

  @Override
  public void beat() {
    if (isDone()) {
      return;
    }
    try {
      poll();
    } catch (RuntimeException e) {
      tally.fail(appId + ": the simulated framework failed: " + e);
      broken = true;
    }
  }

  private void poll() {
    PollResponseProto answer;
    long start = System.nanoTime();
    try {
      answer = rm.poll(PollRequestProto.newBuilder().setResponseId(responseId).build());
    } catch (Exception e) {
      tally.rpcError("poll " + appId, e);
      return;
    }
    record(start);
    responseId = answer.getResponseId();
    for (EventProto e : answer.getEventsList()) {
      if (e.hasOffers()) {
        for (OfferProto offer : e.getOffers().getOffersList()) {
          answer(offer);
        }
      } else if (e.hasStatus()) {
        ended(e.getStatus());
      } else if (e.hasError()) {
        tally.fail(appId + ": " + e.getError().getMessage());
        broken = true;
        return;
      }
    }
    if (completed == scenario.containersPerApp() && !done) {
      finish();
    }
  }

  /**
   * Launches as many wanted tasks as the offer holds; declines it when none, and for an hour
   * when its node is not simulated (a real NodeManager of the cluster, which runs nothing
   * here), as an AM blacklists a node it cannot use.
   */
  private void answer(OfferProto offer) {
    if (fleet.node(NodeId.fromString(offer.getNode().getNodeId())) == null) {
      tally.foreignReleased.incrementAndGet();
      try {
        rm.decline(DeclineRequestProto.newBuilder().addOfferIds(offer.getOfferId())
            .setFilters(FiltersProto.newBuilder().setRefuseSeconds(3600)).build());
      } catch (Exception e) {
        tally.rpcError("decline " + appId, e);
      }
      return;
    }
    long memory = value(offer.getResources(), "memory-mb");
    long vcores = value(offer.getResources(), "vcores");
    int fit = (int) Math.min(memory / scenario.containerMemoryMb(),
        vcores / scenario.containerVcores());
    int n = Math.min(fit, scenario.containersPerApp() - launched);
    long start = System.nanoTime();
    try {
      if (n <= 0) {
        rm.decline(DeclineRequestProto.newBuilder().addOfferIds(offer.getOfferId())
            .setFilters(FiltersProto.newBuilder().setRefuseSeconds(5)).build());
        record(start);
        return;
      }
      AcceptRequestProto.Builder accept = AcceptRequestProto.newBuilder()
          .addOfferIds(offer.getOfferId()).setSeq(++seq)
          .setFilters(FiltersProto.newBuilder().setRefuseSeconds(0));
      ResourceVectorProto size = ResourceVectorProto.newBuilder()
          .addValues(ResourceValueProto.newBuilder().setName("memory-mb")
              .setValue(scenario.containerMemoryMb()))
          .addValues(ResourceValueProto.newBuilder().setName("vcores")
              .setValue(scenario.containerVcores()))
          .build();
      for (int i = 0; i < n; i++) {
        accept.addLaunches(LaunchProto.newBuilder().setResources(size).setTag("t" + i));
      }
      AcceptResponseProto accepted = rm.accept(accept.build());
      record(start);
      take(accepted);
      if (launched >= scenario.containersPerApp()) {
        // Nothing left to launch: a well-behaved framework stops offers (as Mesos asks),
        // instead of declining every one that still comes.
        rm.suppress();
      }
    } catch (Exception e) {
      // An offer rescinded meanwhile is refused: the next one will do.
      tally.rpcError("accept " + appId, e);
    }
  }

  private void take(AcceptResponseProto accepted) throws Exception {
    long nowMs = System.currentTimeMillis();
    for (AllocatedContainerProto a : accepted.getContainersList()) {
      Container c = new ContainerPBImpl(ContainerProto.parseFrom(a.getContainer()));
      FakeNode node = fleet.node(c.getNodeId());
      if (node == null) {
        tally.foreignReleased.incrementAndGet();
        rm.kill(KillRequestProto.newBuilder().addContainerIds(c.getId().toString()).build());
        continue;
      }
      held.add(c.getId());
      launched++;
      tally.allocated.incrementAndGet();
      tally.allocationTimes.record(System.nanoTime());
      node.start(c.getId(), c.getResource(), nowMs, scenario.taskMs());
    }
  }

  private void ended(ContainerStatusProto status) {
    if (status.getState() != ContainerStateProto.C_COMPLETE) {
      return;
    }
    if (held.remove(ContainerId.fromString(status.getContainerId()))) {
      completed++;
      tally.completed.incrementAndGet();
      if (status.getExitStatus() != ContainerExitStatus.SUCCESS) {
        tally.abnormalExits.incrementAndGet();
      }
    }
  }

  private void finish() {
    try {
      rm.unregisterFramework(UnregisterFrameworkRequestProto.newBuilder()
          .setFinalStatus(FinalStatusProto.SUCCEEDED)
          .setDiagnostics("loadgen: all tasks completed").build());
    } catch (Exception e) {
      tally.rpcError("unregisterFramework " + appId, e);
    }
    done = true;
  }

  private void record(long startNanos) {
    if (tally.measuring) {
      tally.allocates.record(System.nanoTime() - startNanos);
    }
  }

  private static long value(ResourceVectorProto v, String name) {
    for (ResourceValueProto value : v.getValuesList()) {
      if (value.getName().equals(name)) {
        return value.getValue();
      }
    }
    return 0;
  }

  @Override
  public void close() {
    if (rm != null) {
      rm.close();
    }
  }
}
