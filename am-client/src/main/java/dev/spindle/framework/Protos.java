package dev.spindle.framework;

import dev.spindle.offers.proto.OfferProtos.CapabilityProto;
import dev.spindle.offers.proto.OfferProtos.ContainerStatusProto;
import dev.spindle.offers.proto.OfferProtos.InverseOfferProto;
import dev.spindle.offers.proto.OfferProtos.OfferProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.RescindReasonProto;
import dev.spindle.offers.proto.OfferProtos.ResourceValueProto;
import dev.spindle.offers.proto.OfferProtos.ResourceVectorProto;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.proto.SecurityProtos.TokenProto;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.thirdparty.protobuf.ByteString;
import org.apache.hadoop.thirdparty.protobuf.InvalidProtocolBufferException;
import org.apache.hadoop.yarn.api.records.impl.pb.NMTokenPBImpl;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.impl.pb.ContainerPBImpl;
import org.apache.hadoop.yarn.proto.YarnProtos.ContainerProto;
import org.apache.hadoop.yarn.proto.YarnServiceProtos.NMTokenProto;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/** Turns the offer protocol's messages into the library's public types and back. */
final class Protos {

  private Protos() {}

  static ResourceVectorProto toProto(ResourceVector v) {
    ResourceVectorProto.Builder b = ResourceVectorProto.newBuilder();
    for (String name : v.names()) {
      ResourceValueProto.Builder value = ResourceValueProto.newBuilder()
          .setName(name).setValue(v.get(name));
      if (v.units(name) != null) {
        value.setUnits(v.units(name));
      }
      b.addValues(value);
    }
    return b.build();
  }

  static ResourceVector fromProto(ResourceVectorProto p) {
    ResourceVector v = ResourceVector.of(0, 0);
    for (ResourceValueProto value : p.getValuesList()) {
      v = v.with(value.getName(), value.getValue(),
          value.hasUnits() ? value.getUnits() : null);
    }
    return v;
  }

  static Offer offer(OfferProto p) {
    Map<String, String> attributes = new LinkedHashMap<>();
    p.getNode().getAttributesList().forEach(a -> attributes.put(a.getName(), a.getValue()));
    return new Offer(new OfferId(p.getOfferId()), NodeId.fromString(p.getNode().getNodeId()),
        p.getNode().getHost(), p.getNode().getRack(), attributes, fromProto(p.getResources()),
        p.getRevocable(), Duration.ofMillis(p.getTimeoutMs()));
  }

  static List<Offer> offers(List<OfferProto> ps) {
    List<Offer> out = new ArrayList<>(ps.size());
    ps.forEach(p -> out.add(offer(p)));
    return out;
  }

  static TaskStatus status(ContainerStatusProto p) {
    TaskStatus.State state = switch (p.getState()) {
      case C_RUNNING -> TaskStatus.State.RUNNING;
      case C_COMPLETE -> TaskStatus.State.COMPLETE;
    };
    return new TaskStatus(ContainerId.fromString(p.getContainerId()), p.getTag(), state,
        p.getExitStatus(), p.getDiagnostics(), p.getRevoked());
  }

  static RescindReason reason(RescindReasonProto p) {
    return switch (p) {
      case OFFER_TIMEOUT -> RescindReason.OFFER_TIMEOUT;
      case NODE_LOST -> RescindReason.NODE_LOST;
      case NODE_DECOMMISSIONED -> RescindReason.NODE_DECOMMISSIONED;
      case RECLAIMED -> RescindReason.RECLAIMED;
    };
  }

  static InverseOffer inverseOffer(InverseOfferProto p) {
    return new InverseOffer(p.getInverseOfferId(), NodeId.fromString(p.getNode().getNodeId()),
        p.getNode().getHost(), Instant.ofEpochMilli(p.getUnavailableAtMs()),
        containerIds(p.getContainerIdsList()));
  }

  static List<ContainerId> containerIds(List<String> ids) {
    List<ContainerId> out = new ArrayList<>(ids.size());
    ids.forEach(id -> out.add(ContainerId.fromString(id)));
    return out;
  }

  static RegisterFrameworkRequestProto register(FrameworkInfo info) {
    RegisterFrameworkRequestProto.Builder b = RegisterFrameworkRequestProto.newBuilder()
        .setName(info.name()).setHost(info.host()).setRpcPort(info.rpcPort())
        .setTrackingUrl(info.trackingUrl());
    info.capabilities().stream().sorted().forEach(c -> b.addCapabilities(switch (c) {
      case REVOCABLE_RESOURCES -> CapabilityProto.REVOCABLE_RESOURCES;
      case INVERSE_OFFERS -> CapabilityProto.INVERSE_OFFERS;
    }));
    return b.build();
  }

  static Registration registration(RegisterFrameworkResponseProto p) throws IOException {
    List<Container> running = new ArrayList<>();
    for (var c : p.getRunningContainersList()) {
      running.add(container(c.getContainer()));
    }
    return new Registration(ApplicationId.fromString(p.getFrameworkId()),
        ApplicationAttemptId.fromString(p.getAttemptId()), p.getFailover(), running,
        p.getQueue(), Duration.ofMillis(p.getPollIntervalMs()),
        p.hasGuarantee() ? Optional.of(fromProto(p.getGuarantee())) : Optional.empty(),
        p.hasMaximumTask() ? Optional.of(fromProto(p.getMaximumTask())) : Optional.empty());
  }

  /** A stock Container from its serialized ContainerProto, as the RM sent it. */
  static Container container(ByteString bytes) throws IOException {
    try {
      return new ContainerPBImpl(ContainerProto.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("the RM sent a container that is not a ContainerProto", e);
    }
  }

  /** An AMRM token from its serialized TokenProto, aimed at {@code service}. */
  static Token<AMRMTokenIdentifier> amrmToken(ByteString bytes, Text service)
      throws IOException {
    try {
      TokenProto p = TokenProto.parseFrom(bytes);
      Token<AMRMTokenIdentifier> token = new Token<>(p.getIdentifier().toByteArray(),
          p.getPassword().toByteArray(), new Text(p.getKind()), service);
      return token;
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("the RM sent an AMRM token that is not a TokenProto", e);
    }
  }

  /** A stock NMToken from its serialized NMTokenProto. */
  static NMToken nmToken(ByteString bytes) throws IOException {
    try {
      return new NMTokenPBImpl(NMTokenProto.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("the RM sent an NM token that is not an NMTokenProto", e);
    }
  }
}
