package dev.spindle.rm.rpc;

import dev.spindle.rm.core.NodeOrders;
import dev.spindle.rm.security.MasterKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.apache.hadoop.yarn.api.protocolrecords.SignalContainerRequest;
import org.apache.hadoop.yarn.proto.YarnServerCommonProtos.MasterKeyProto;
import org.apache.hadoop.yarn.proto.YarnServerCommonProtos.NodeActionProto;
import org.apache.hadoop.yarn.proto.YarnServerCommonServiceProtos.NodeHeartbeatResponseProto;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.NodeHeartbeatResponsePBImpl;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.api.records.impl.pb.MasterKeyPBImpl;
import org.apache.hadoop.yarn.server.utils.YarnServerBuilderUtils;

/**
 * Turns the core's orders into the NM's heartbeat response. A NORMAL response is built
 * straight from its protobuf builder: an idle node's is three scalars (response id, action,
 * next heartbeat interval), as on the stock RM, and built this way it is one small immutable
 * proto that the RPC layer serializes as it is, instead of a record whose empty lists and
 * sub-records are merged into a proto on every send. Stateless: runs on RPC threads.
 */
public final class HeartbeatResponses {

  private HeartbeatResponses() {}

  /**
   * The response to {@code request} carrying {@code orders}, plus a pending next token
   * master key when the NM does not know it yet (stock populateKeys).
   */
  public static NodeHeartbeatResponse of(NodeOrders orders, NodeHeartbeatRequest request,
      MasterKeys containerKeys, MasterKeys nmKeys) {
    if (orders.action() != NodeAction.NORMAL) {
      return YarnServerBuilderUtils.newNodeHeartbeatResponse(orders.action(),
          orders.diagnostics());
    }
    NodeHeartbeatResponse response = normal(orders.responseId(), orders.heartbeatIntervalMs(),
        pushIfNew(containerKeys.nextKey(), request::getLastKnownContainerTokenMasterKey),
        pushIfNew(nmKeys.nextKey(), request::getLastKnownNMTokenMasterKey));
    if (orders.idle()) {
      return response;
    }
    if (!orders.containersToCleanup().isEmpty()) {
      response.addAllContainersToCleanup(new ArrayList<>(orders.containersToCleanup()));
    }
    if (!orders.appsToCleanup().isEmpty()) {
      response.addAllApplicationsToCleanup(new ArrayList<>(orders.appsToCleanup()));
    }
    if (!orders.containersToRemove().isEmpty()) {
      response.addContainersToBeRemovedFromNM(new ArrayList<>(orders.containersToRemove()));
    }
    if (!orders.signals().isEmpty()) {
      List<SignalContainerRequest> signals = new ArrayList<>(orders.signals().size());
      for (NodeOrders.Signal s : orders.signals()) {
        signals.add(SignalContainerRequest.newInstance(s.container(), s.command()));
      }
      response.addAllContainersToSignal(signals);
    }
    return response;
  }

  /**
   * A NORMAL response carrying a token master key only when the NM has not got it yet
   * (null otherwise), as the stock populateKeys does.
   */
  static NodeHeartbeatResponse normal(int responseId, long nextHeartbeatMs,
      MasterKey containerKey, MasterKey nmKey) {
    NodeHeartbeatResponseProto.Builder b = NodeHeartbeatResponseProto.newBuilder()
        .setResponseId(responseId)
        .setNodeAction(NodeActionProto.NORMAL)
        .setNextHeartBeatInterval(nextHeartbeatMs);
    if (containerKey != null) {
      b.setContainerTokenMasterKey(proto(containerKey));
    }
    if (nmKey != null) {
      b.setNmTokenMasterKey(proto(nmKey));
    }
    return new NodeHeartbeatResponsePBImpl(b.build());
  }

  /**
   * A pending next key goes to an NM that does not have it yet (yarn-compat 3.2). The NM's
   * known key is read only when a key is pending: reading it makes a record per heartbeat.
   */
  private static MasterKey pushIfNew(MasterKey next, Supplier<MasterKey> known) {
    if (next == null) {
      return null;
    }
    MasterKey k = known.get();
    return k != null && k.getKeyId() == next.getKeyId() ? null : next;
  }

  private static MasterKeyProto proto(MasterKey key) {
    if (key instanceof MasterKeyPBImpl pb) {
      return pb.getProto();
    }
    return MasterKeyProto.newBuilder().setKeyId(key.getKeyId())
        .setBytes(ByteString.copyFrom(key.getBytes())).build();
  }
}
