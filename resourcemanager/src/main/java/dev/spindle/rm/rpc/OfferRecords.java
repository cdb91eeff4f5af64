package dev.spindle.rm.rpc;

import dev.spindle.offers.OfferProtocolException;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.AllocatedContainerProto;
import dev.spindle.offers.proto.OfferProtos.ContainerStateProto;
import dev.spindle.offers.proto.OfferProtos.ContainerStatusProto;
import dev.spindle.offers.proto.OfferProtos.EventProto;
import dev.spindle.offers.proto.OfferProtos.FrameworkErrorProto;
import dev.spindle.offers.proto.OfferProtos.InverseOfferProto;
import dev.spindle.offers.proto.OfferProtos.NodeProto;
import dev.spindle.offers.proto.OfferProtos.OfferProto;
import dev.spindle.offers.proto.OfferProtos.OffersEventProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.RescindEventProto;
import dev.spindle.offers.proto.OfferProtos.RescindReasonProto;
import dev.spindle.offers.proto.OfferProtos.ResourceValueProto;
import dev.spindle.offers.proto.OfferProtos.ResourceVectorProto;
import dev.spindle.offers.proto.OfferProtos.RevocationWarningProto;
import dev.spindle.rm.core.FrameworkEvent;
import dev.spindle.rm.core.FrameworkPoll;
import dev.spindle.rm.core.FrameworkRegistration;
import dev.spindle.rm.core.FrameworkRegistration.TaggedGrant;
import dev.spindle.rm.core.OfferAcceptance;
import dev.spindle.rm.core.OfferMade;
import dev.spindle.rm.core.ResourceConverter;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.impl.pb.ContainerPBImpl;
import org.apache.hadoop.yarn.api.records.impl.pb.NMTokenPBImpl;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * The offer protocol's messages built from the core's results, and launch sizes read from
 * requests. Stock records (container, NM token) travel as their serialized stock protos.
 */
final class OfferRecords {

  private OfferRecords() {}

  static RegisterFrameworkResponseProto registration(FrameworkRegistration r,
      AmRmRecords records) {
    RegisterFrameworkResponseProto.Builder b = RegisterFrameworkResponseProto.newBuilder()
        .setFrameworkId(r.attempt().getApplicationId().toString())
        .setAttemptId(r.attempt().toString())
        .setFailover(r.failover())
        .setPollIntervalMs((int) Math.min(Integer.MAX_VALUE, r.pollIntervalMs()))
        .setQueue(r.queue())
        .setGuarantee(vector(r.guarantee()))
        .setMaximumTask(vector(r.maximumTask()));
    for (TaggedGrant g : r.running()) {
      b.addRunningContainers(container(g, records));
    }
    b.addAllNmTokens(nmTokens(records, r.attempt(), r.tokenNodes(), r.user()));
    return b.build();
  }

  static PollResponseProto poll(ApplicationAttemptId attempt, FrameworkPoll r,
      AmRmRecords records) {
    PollResponseProto.Builder b = PollResponseProto.newBuilder()
        .setResponseId(r.responseId());
    for (FrameworkEvent e : r.events()) {
      b.addEvents(event(e));
    }
    b.addAllNmTokens(nmTokens(records, attempt, r.tokenNodes(), r.user()));
    return b.build();
  }

  static AcceptResponseProto acceptance(ApplicationAttemptId attempt, OfferAcceptance r,
      AmRmRecords records) {
    AcceptResponseProto.Builder b = AcceptResponseProto.newBuilder();
    for (TaggedGrant g : r.containers()) {
      b.addContainers(container(g, records));
    }
    b.addAllNmTokens(nmTokens(records, attempt, r.tokenNodes(), r.user()));
    return b.build();
  }

  /**
   * A launch's size: every name must be a resource type of this cluster and every value
   * non-negative; absent names are zero.
   */
  static ResourceVector launchSize(ResourceVectorProto p) throws OfferProtocolException {
    long memory = 0;
    long vcores = 0;
    int others = ResourceConverter.otherTypeCount();
    long[] other = new long[Math.max(0, others)];
    for (ResourceValueProto v : p.getValuesList()) {
      if (v.getValue() < 0) {
        throw new OfferProtocolException(OfferProtocolException.Reason.INVALID_REQUEST,
            "a launch asks for " + v.getValue() + " " + v.getName());
      }
      Integer index = ResourceUtils.getResourceTypeIndex().get(v.getName());
      if (index == null) {
        throw new OfferProtocolException(OfferProtocolException.Reason.INVALID_REQUEST,
            "a launch names resource type '" + v.getName() + "', unknown to this cluster");
      }
      if (index == 0) {
        memory = v.getValue();
      } else if (index == 1) {
        vcores = v.getValue();
      } else {
        other[index - 2] = v.getValue();
      }
    }
    return others > 0 ? ResourceVector.of(memory, vcores, other)
        : ResourceVector.of(memory, vcores);
  }

  static ResourceVectorProto vector(ResourceVector v) {
    ResourceVectorProto.Builder b = ResourceVectorProto.newBuilder()
        .addValues(value(ResourceInformation.MEMORY_URI, v.memoryMb(), "Mi"))
        .addValues(value(ResourceInformation.VCORES_URI, v.vcores(), ""));
    int n = Math.min(v.otherCount(), ResourceConverter.otherTypeCount());
    for (int i = 0; i < n; i++) {
      ResourceInformation type = ResourceUtils.getResourceTypesArray()[i + 2];
      b.addValues(value(type.getName(), v.other(i), type.getUnits()));
    }
    return b.build();
  }

  private static ResourceValueProto value(String name, long value, String units) {
    ResourceValueProto.Builder b = ResourceValueProto.newBuilder().setName(name).setValue(value);
    if (units != null && !units.isEmpty()) {
      b.setUnits(units);
    }
    return b.build();
  }

  private static AllocatedContainerProto container(TaggedGrant g, AmRmRecords records) {
    ContainerPBImpl c = (ContainerPBImpl) records.container(g.grant());
    return AllocatedContainerProto.newBuilder()
        .setContainer(ByteString.copyFrom(c.getProto().toByteArray()))
        .setTag(g.tag() == null ? "" : g.tag())
        .build();
  }

  private static List<ByteString> nmTokens(AmRmRecords records, ApplicationAttemptId attempt,
      List<NodeId> nodes, String user) {
    return records.nmTokens(attempt, nodes, user).stream()
        .map(t -> ByteString.copyFrom(((NMTokenPBImpl) t).getProto().toByteArray()))
        .toList();
  }

  private static EventProto event(FrameworkEvent e) {
    EventProto.Builder b = EventProto.newBuilder();
    if (e instanceof FrameworkEvent.Offers o) {
      OffersEventProto.Builder offers = OffersEventProto.newBuilder();
      for (OfferMade m : o.offers()) {
        offers.addOffers(offer(m));
      }
      b.setOffers(offers);
    } else if (e instanceof FrameworkEvent.Rescinded r) {
      b.setRescind(RescindEventProto.newBuilder().setOfferId(r.offerId())
          .setReason(RescindReasonProto.valueOf(r.reason().name())));
    } else if (e instanceof FrameworkEvent.Ended s) {
      b.setStatus(ContainerStatusProto.newBuilder()
          .setContainerId(s.id().toString()).setTag(s.tag() == null ? "" : s.tag())
          .setState(ContainerStateProto.C_COMPLETE).setExitStatus(s.exitStatus())
          .setDiagnostics(s.diagnostics() == null ? "" : s.diagnostics())
          .setRevoked(s.revoked()));
    } else if (e instanceof FrameworkEvent.RevocationWarning w) {
      b.setRevocationWarning(RevocationWarningProto.newBuilder().setDeadlineMs(w.deadlineMs())
          .addAllContainerIds(w.containers().stream().map(ContainerId::toString).toList()));
    } else if (e instanceof FrameworkEvent.InverseOffer i) {
      b.setInverseOffer(InverseOfferProto.newBuilder()
          .setInverseOfferId(i.id()).setNode(node(i.nodeId(), i.rack(), i.httpAddress()))
          .setUnavailableAtMs(i.unavailableAtMs())
          .addAllContainerIds(i.containers().stream().map(ContainerId::toString).toList()));
    } else if (e instanceof FrameworkEvent.Error err) {
      b.setError(FrameworkErrorProto.newBuilder().setMessage(err.message()));
    }
    return b.build();
  }

  private static OfferProto offer(OfferMade m) {
    return OfferProto.newBuilder()
        .setOfferId(m.offerId())
        .setNode(node(m.nodeId(), m.rack(), m.httpAddress()))
        .setResources(vector(m.resource()))
        .setRevocable(m.revocable())
        .setTimeoutMs(m.timeoutMs())
        .build();
  }

  private static NodeProto node(NodeId id, String rack, String httpAddress) {
    NodeProto.Builder b = NodeProto.newBuilder().setNodeId(id.toString()).setHost(id.getHost());
    if (rack != null) {
      b.setRack(rack);
    }
    if (httpAddress != null) {
      b.setHttpAddress(httpAddress);
    }
    return b.build();
  }
}
