package dev.spindle.rm.core;

import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerRegistry;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.Records;

/**
 * Drives an {@link RmCore} directly, on the test thread, with a manual clock and a recording
 * launcher: the core's event loop is just "call it", so lifecycles are stepped without
 * threads or sleeps. Nodes are driven with the core's own node commands (the RPC side's
 * conversions from the ResourceTracker records are tested over RPC).
 */
final class CoreHarness {

  static final long START = 1_000_000L;

  final ManualClock clock = new ManualClock(START);
  final RecordingLauncher launcher = new RecordingLauncher();
  final List<StateRecord> records = new ArrayList<>();
  final RmSettings settings;
  final RmCore core;
  final ContainerTokenSecretManager containerTokens;
  final NmTokenSecretManager nmTokens;
  /** What the RPC side builds from the core's results (container and NM tokens included). */
  final dev.spindle.rm.rpc.AmRmRecords amRm;
  /** Last heartbeat response id per node, as an NM tracks it. */
  private final Map<NodeId, Integer> responseIds = new java.util.HashMap<>();

  CoreHarness() {
    this(new YarnConfiguration());
  }

  static final SchedulerSettings SCHEDULER_SETTINGS = new SchedulerSettings(
      ResourceVector.of(1024, 1), ResourceVector.of(8192, 4), ResourceVector.of(1024, 1),
      SchedulerSettings.Calculator.MEMORY);

  CoreHarness(YarnConfiguration conf) {
    this(conf, SchedulerRegistry.withBuiltins().create("fifo", SCHEDULER_SETTINGS));
  }

  /** A harness on a given policy (built with {@link #SCHEDULER_SETTINGS}). */
  CoreHarness(YarnConfiguration conf, dev.spindle.scheduler.Scheduler scheduler) {
    this(conf, scheduler, RecordSink.IN_MEMORY);
  }

  /** A harness whose records also go to {@code store} (persisted before they are applied). */
  CoreHarness(YarnConfiguration conf, RecordSink store) {
    this(conf, SchedulerRegistry.withBuiltins().create("fifo", SCHEDULER_SETTINGS), store);
  }

  CoreHarness(YarnConfiguration conf, dev.spindle.scheduler.Scheduler scheduler,
      RecordSink store) {
    RecordSink sink = new RecordSink() {
      @Override
      public void persist(StateRecord record) {
        store.persist(record);
        records.add(record);
      }

      @Override
      public boolean fits(StateRecord record) {
        return store.fits(record);
      }
    };
    settings = RmSettings.from(conf, START);
    SchedulerSettings schedulerSettings = SCHEDULER_SETTINGS;
    containerTokens = new ContainerTokenSecretManager(conf, START);
    nmTokens = new NmTokenSecretManager();
    core = new RmCore(settings, scheduler, schedulerSettings, clock, sink, launcher,
        new AmrmTokenSecretManager(), containerTokens, nmTokens, host -> "/default-rack");
    amRm = new dev.spindle.rm.rpc.AmRmRecords(containerTokens, nmTokens);
  }

  NodeId addNode(String host, int memoryMb) {
    NodeId id = NodeId.newInstance(host, 1234);
    RegistrationResult r = core.registerNode(new NodeRegistration(id, 8042,
        ResourceVector.of(memoryMb, 8), "3.5.0", List.of(), List.of()));
    responseIds.put(id, 0);
    if (!r.accepted()) {
      throw new AssertionError("node refused: " + r.diagnostics());
    }
    heartbeat(id); // the first heartbeat places work on the node, as on a real NM
    return id;
  }

  /** One in-step heartbeat carrying these container statuses. */
  NodeOrders heartbeat(NodeId node, NodeHeartbeat.ContainerUpdate... statuses) {
    NodeOrders r = heartbeatWithId(node, responseIds.get(node), statuses);
    responseIds.put(node, r.responseId());
    return r;
  }

  /** One in-step heartbeat carrying log aggregation reports. */
  NodeOrders heartbeatWithLogReports(NodeId node, List<NodeHeartbeat.LogReport> reports) {
    NodeOrders r = core.nodeHeartbeat(new NodeHeartbeat(node, responseIds.get(node),
        healthy(), List.of(), reports));
    responseIds.put(node, r.responseId());
    return r;
  }

  NodeOrders heartbeatWithId(NodeId node, int responseId,
      NodeHeartbeat.ContainerUpdate... statuses) {
    return core.nodeHeartbeat(new NodeHeartbeat(node, responseId, healthy(),
        List.of(statuses), List.of()));
  }

  private NodeHeartbeat.Health healthy() {
    return new NodeHeartbeat.Health(true, "", clock.getTime());
  }

  ApplicationId submit(int amMemoryMb, int maxAttempts) {
    return submit(amMemoryMb, maxAttempts, false);
  }

  ApplicationId submit(int amMemoryMb, int maxAttempts, boolean keepContainers) {
    return submit("default", amMemoryMb, maxAttempts, keepContainers);
  }

  ApplicationId submit(String queue, int amMemoryMb, int maxAttempts, boolean keepContainers) {
    return submit(queue, amMemoryMb, maxAttempts, keepContainers, false);
  }

  /** An unmanaged-AM application of alice's: its AM runs outside the cluster. */
  ApplicationId submitUnmanaged(int maxAttempts, boolean keepContainers) {
    return submit("default", 1024, maxAttempts, keepContainers, true);
  }

  ApplicationId submit(String queue, int amMemoryMb, int maxAttempts, boolean keepContainers,
      boolean unmanaged) {
    ApplicationId id = core.newApplicationId();
    ApplicationSubmissionContext ctx = Records.newRecord(ApplicationSubmissionContext.class);
    ctx.setApplicationId(id);
    ctx.setApplicationName("test");
    ctx.setQueue(queue);
    ctx.setApplicationType("YARN");
    ctx.setPriority(Priority.newInstance(0));
    ctx.setMaxAppAttempts(maxAttempts);
    ctx.setKeepContainersAcrossApplicationAttempts(keepContainers);
    ctx.setUnmanagedAM(unmanaged);
    ctx.setResource(Resource.newInstance(amMemoryMb, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("true"), null, null, null));
    ResourceRequest am = ResourceRequest.newInstance(Priority.newInstance(0),
        ResourceRequest.ANY, ctx.getResource(), 1);
    core.submit(new AppSubmission(id, ctx, "alice", queue, clock.getTime(),
        settings.effectiveMaxAttempts(maxAttempts), am));
    return id;
  }

  /** Reports the launch of the last AM container as done, as the launcher pool would. */
  ApplicationAttemptId launched() {
    ApplicationAttemptId id = launcher.last().attemptId();
    core.amLaunched(id);
    return id;
  }

  ContainerId lastAmContainer() {
    return launcher.last().container().id();
  }

  /** A heartbeat reporting the node's health. */
  NodeOrders heartbeatHealth(NodeId node, boolean healthy) {
    NodeOrders r = core.nodeHeartbeat(new NodeHeartbeat(node, responseIds.get(node),
        new NodeHeartbeat.Health(healthy, healthy ? "" : "disk full", clock.getTime()),
        List.of(), List.of()));
    responseIds.put(node, r.responseId());
    return r;
  }

  static NodeHeartbeat.ContainerUpdate running(ContainerId id) {
    return new NodeHeartbeat.ContainerUpdate(id, ContainerState.RUNNING,
        ContainerExitStatus.INVALID, "");
  }

  static NodeHeartbeat.ContainerUpdate exited(ContainerId id, int exitStatus) {
    return new NodeHeartbeat.ContainerUpdate(id, ContainerState.COMPLETE, exitStatus,
        "exit " + exitStatus);
  }

  // --- reports as clients get them: the core's snapshots through the RPC side's records ---

  org.apache.hadoop.yarn.api.records.ApplicationReport report(ApplicationId id)
      throws Refusal {
    return dev.spindle.rm.rpc.ReportRecords.app(core.application(id), clock.getTime());
  }

  org.apache.hadoop.yarn.api.records.ApplicationReport report(ApplicationId id,
      org.apache.hadoop.security.UserGroupInformation caller)
      throws Refusal {
    return dev.spindle.rm.rpc.ReportRecords.app(core.application(id, caller), clock.getTime());
  }

  org.apache.hadoop.yarn.api.records.ApplicationAttemptReport attemptReport(
      ApplicationAttemptId id) throws Refusal {
    return dev.spindle.rm.rpc.ReportRecords.attempt(core.attempt(id));
  }

  List<org.apache.hadoop.yarn.api.records.ApplicationAttemptReport> attemptReports(
      ApplicationId id) throws Refusal {
    return core.attempts(id).stream().map(dev.spindle.rm.rpc.ReportRecords::attempt).toList();
  }

  org.apache.hadoop.yarn.api.records.YarnClusterMetrics clusterMetrics() {
    return dev.spindle.rm.rpc.ReportRecords.clusterMetrics(core.nodeCounts());
  }

  /**
   * Runs a core call as a client sees its outcome: a refusal becomes the stock exception the
   * RPC adapter sends (tests that check which class a stock client gets).
   */
  static <T> T client(EventLoop.Op<T> op) throws org.apache.hadoop.yarn.exceptions.YarnException {
    try {
      return op.run();
    } catch (Refusal r) {
      throw dev.spindle.rm.rpc.Refusals.toYarn(r);
    }
  }
}
