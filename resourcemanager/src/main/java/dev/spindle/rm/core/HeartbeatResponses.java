package dev.spindle.rm.core;

import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.apache.hadoop.yarn.proto.YarnServerCommonProtos.MasterKeyProto;
import org.apache.hadoop.yarn.proto.YarnServerCommonProtos.NodeActionProto;
import org.apache.hadoop.yarn.proto.YarnServerCommonServiceProtos.NodeHeartbeatResponseProto;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.NodeHeartbeatResponsePBImpl;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.api.records.impl.pb.MasterKeyPBImpl;

/**
 * Builds NORMAL heartbeat responses straight from their protobuf builder. An idle node's
 * response is three scalars (response id, action, next heartbeat interval), as on the stock
 * RM; built this way it is one small immutable proto that the RPC layer serializes as it is,
 * instead of a record whose empty lists and sub-records are merged into a proto on every
 * send.
 */
final class HeartbeatResponses {

  private HeartbeatResponses() {}

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

  private static MasterKeyProto proto(MasterKey key) {
    if (key instanceof MasterKeyPBImpl pb) {
      return pb.getProto();
    }
    return MasterKeyProto.newBuilder().setKeyId(key.getKeyId())
        .setBytes(ByteString.copyFrom(key.getBytes())).build();
  }
}
