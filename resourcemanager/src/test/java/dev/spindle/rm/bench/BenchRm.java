package dev.spindle.rm.bench;

import dev.spindle.rm.core.AllocateCommand;
import dev.spindle.rm.core.AllocateResult;
import dev.spindle.rm.core.AmLauncher;
import dev.spindle.rm.core.AppSubmission;
import dev.spindle.rm.core.ContainerGrant;
import dev.spindle.rm.core.RecordSink;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.core.RmSettings;
import dev.spindle.rm.rpc.HeartbeatResponses;
import dev.spindle.rm.rpc.NodeCommands;
import dev.spindle.rm.rpc.AmRmRecords;
import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerRegistry;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.proto.YarnServerCommonServiceProtos.NodeHeartbeatRequestProto;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.NodeHeartbeatRequestPBImpl;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.api.records.NodeHealthStatus;
import org.apache.hadoop.yarn.server.api.records.NodeStatus;
import org.apache.hadoop.yarn.util.Clock;

/**
 * An RM core with a simulated cluster for the benchmarks: {@link #NODES} registered nodes of
 * 4 GB / 4 vcores on fake hosts {@code 127.1.x.y} (250 per rack), each heartbeated once, and helpers to run unmanaged
 * applications through the AM-RM calls. Driven on the benchmark thread, as the event loop
 * would drive it.
 */
final class BenchRm {

  static final int NODES = 10_000;
  static final long START = 1_000_000L;

  final RmCore core;
  private final ContainerTokenSecretManager containerKeys;
  private final NmTokenSecretManager nmKeys;
  /** What the AM-RM adapter does with the core's results, on an RPC handler thread. */
  final AmRmRecords records;
  final NodeId[] nodes = new NodeId[NODES];
  /** The last heartbeat response id each node got, as its NM tracks it. */
  final int[] responseIds = new int[NODES];
  /** The request each node sends (its status and last known keys), for its next id. */
  final NodeHeartbeatRequestProto[] templates = new NodeHeartbeatRequestProto[NODES];
  private long now = START;

  BenchRm(String policy) {
    quietLogs();
    YarnConfiguration conf = new YarnConfiguration();
    SchedulerSettings settings = new SchedulerSettings(ResourceVector.of(1024, 1),
        ResourceVector.of(4096, 4), ResourceVector.of(1024, 1),
        SchedulerSettings.Calculator.MEMORY);
    Clock clock = () -> now;
    containerKeys = new ContainerTokenSecretManager(conf, START);
    nmKeys = new NmTokenSecretManager();
    core = new RmCore(RmSettings.from(conf, START),
        SchedulerRegistry.withBuiltins().create(policy, settings), settings, clock,
        RecordSink.IN_MEMORY, new NoLauncher(), new AmrmTokenSecretManager(),
        containerKeys, nmKeys, host -> "/rack" + host.split("\\.")[2]);
    records = new AmRmRecords(containerKeys, nmKeys);
    for (int i = 0; i < NODES; i++) {
      nodes[i] = NodeId.newInstance(host(i), 8041);
      core.registerNode(NodeCommands.registration(RegisterNodeManagerRequest.newInstance(
          nodes[i], 8042, Resource.newInstance(4096, 4), "3.5.0", List.of(), List.of())));
      // The keys an NM keeps from its registration response.
      templates[i] = request(nodes[i], containerKeys.currentKey(), nmKeys.currentKey());
      heartbeat(i);
    }
  }

  /** 10,000 registrations would log 10,000 lines at INFO. */
  static void quietLogs() {
    org.apache.log4j.Logger.getLogger("dev.spindle").setLevel(org.apache.log4j.Level.WARN);
  }

  /** An IP literal, so container tokens need no name lookup; nothing connects to it. */
  static String host(int i) {
    return "127.1." + (i / 250) + "." + (i % 250 + 1);
  }

  /** What a stock NM sends when nothing changed: its status, health and known keys. */
  private NodeHeartbeatRequestProto request(NodeId id, MasterKey containerKey,
      MasterKey nmKey) {
    NodeStatus status = NodeStatus.newInstance(id, 0, List.of(), List.of(),
        NodeHealthStatus.newInstance(true, "", START), null, null, List.of());
    NodeHeartbeatRequest request =
        NodeHeartbeatRequest.newInstance(status, containerKey, nmKey, null);
    request.setTokenSequenceNo(0);
    return ((NodeHeartbeatRequestPBImpl) request).getProto();
  }

  /** The serialized request node {@code i} sends next, as it arrives off the wire. */
  byte[] nextRequestBytes(int i) {
    NodeHeartbeatRequestProto proto = templates[i];
    return proto.toBuilder()
        .setNodeStatus(proto.getNodeStatus().toBuilder().setResponseId(responseIds[i]))
        .build().toByteArray();
  }

  /** One heartbeat as the RPC adapter runs it: request to command, core, orders to response. */
  NodeHeartbeatResponse heartbeat(int i) {
    NodeHeartbeatRequest request = parse(nextRequestBytes(i));
    NodeHeartbeatResponse r = HeartbeatResponses.of(
        core.nodeHeartbeat(NodeCommands.heartbeat(request,
            core.settings().logAggregationEnabled())), request, containerKeys, nmKeys);
    responseIds[i] = r.getResponseId();
    return r;
  }

  static NodeHeartbeatRequest parse(byte[] bytes) {
    try {
      return new NodeHeartbeatRequestPBImpl(NodeHeartbeatRequestProto.parseFrom(bytes));
    } catch (org.apache.hadoop.thirdparty.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unmanaged application of alice's, registered: ready to allocate. */
  Am startUnmanagedAm(String queue) throws YarnException {
    ApplicationId id = core.newApplicationId();
    ApplicationSubmissionContext ctx =
        org.apache.hadoop.yarn.util.Records.newRecord(ApplicationSubmissionContext.class);
    ctx.setApplicationId(id);
    ctx.setApplicationName("bench");
    ctx.setQueue(queue);
    ctx.setApplicationType("YARN");
    ctx.setPriority(Priority.newInstance(0));
    ctx.setMaxAppAttempts(1);
    ctx.setUnmanagedAM(true);
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("true"), null, null, null));
    ResourceRequest am = ResourceRequest.newInstance(Priority.newInstance(0),
        ResourceRequest.ANY, ctx.getResource(), 1);
    core.submit(new AppSubmission(id, ctx, "alice", queue, now, 1, am));
    ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(id, 1);
    try {
      core.registerAm(attempt, "localhost", 0, "");
    } catch (dev.spindle.rm.core.Refusal r) {
      throw dev.spindle.rm.rpc.Refusals.toYarn(r);
    }
    return new Am(attempt);
  }

  /** One AM's side of the AM-RM protocol: its response id and what it holds. */
  final class Am {
    final ApplicationAttemptId attempt;
    int responseId;

    Am(ApplicationAttemptId attempt) {
      this.attempt = attempt;
    }

    /** One allocate asking (absolutely) for {@code count} ANY containers of {@code mb}. */
    AllocateResult allocate(int count, int mb, List<ContainerGrant> release)
        throws YarnException {
      List<Ask> asks = count < 0 ? List.of() : List.of(new Ask(1, -1, Ask.ANY,
          ResourceVector.of(mb, 1), count, true));
      AllocateResult r;
      try {
        r = core.allocate(attempt, new AllocateCommand(responseId, 0.5f, null,
            asks, release.stream().map(ContainerGrant::id).toList(), List.of(), List.of()));
      } catch (dev.spindle.rm.core.Refusal refusal) {
        throw dev.spindle.rm.rpc.Refusals.toYarn(refusal);
      }
      responseId = r.responseId();
      return r;
    }

    /** The response the AM-RM adapter builds from {@code r} (tokens minted there). */
    AllocateResponse response(AllocateResult r) {
      return records.allocateResponse(attempt, r, List.of());
    }
  }

  private static final class NoLauncher implements AmLauncher {
    @Override
    public void launch(LaunchRequest request) {}

    @Override
    public void stop(ApplicationAttemptId attemptId, ContainerGrant container) {}
  }
}
