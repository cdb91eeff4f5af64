package dev.spindle.framework;

import dev.spindle.offers.proto.OfferProtos.ContainerStateProto;
import dev.spindle.offers.proto.OfferProtos.ContainerStatusProto;
import dev.spindle.offers.proto.OfferProtos.EventProto;
import dev.spindle.offers.proto.OfferProtos.FrameworkErrorProto;
import dev.spindle.offers.proto.OfferProtos.InverseOfferProto;
import dev.spindle.offers.proto.OfferProtos.NodeProto;
import dev.spindle.offers.proto.OfferProtos.OfferProto;
import dev.spindle.offers.proto.OfferProtos.OffersEventProto;
import dev.spindle.offers.proto.OfferProtos.RescindEventProto;
import dev.spindle.offers.proto.OfferProtos.RescindReasonProto;
import dev.spindle.offers.proto.OfferProtos.RevocationWarningProto;
import java.util.List;

/** Canned offer-protocol events, as an RM would send them. */
final class Events {

  private Events() {}

  static NodeProto node(String host, int port) {
    return NodeProto.newBuilder().setNodeId(host + ":" + port).setHost(host)
        .setRack("/default-rack").build();
  }

  static OfferProto offer(String id, String host, long memoryMb, long vcores) {
    return OfferProto.newBuilder().setOfferId(id).setNode(node(host, 8041))
        .setResources(Protos.toProto(ResourceVector.of(memoryMb, vcores))).build();
  }

  static EventProto offers(OfferProto... offers) {
    return EventProto.newBuilder()
        .setOffers(OffersEventProto.newBuilder().addAllOffers(List.of(offers))).build();
  }

  static EventProto rescind(String offerId, RescindReasonProto reason) {
    return EventProto.newBuilder().setRescind(
        RescindEventProto.newBuilder().setOfferId(offerId).setReason(reason)).build();
  }

  static EventProto complete(String containerId, String tag, int exitStatus, boolean revoked) {
    return EventProto.newBuilder().setStatus(ContainerStatusProto.newBuilder()
        .setContainerId(containerId).setTag(tag).setState(ContainerStateProto.C_COMPLETE)
        .setExitStatus(exitStatus).setRevoked(revoked)).build();
  }

  static EventProto revocation(long deadlineMs, String... containerIds) {
    return EventProto.newBuilder().setRevocationWarning(RevocationWarningProto.newBuilder()
        .addAllContainerIds(List.of(containerIds)).setDeadlineMs(deadlineMs)).build();
  }

  static EventProto inverseOffer(String id, String host, long atMs, String... containerIds) {
    return EventProto.newBuilder().setInverseOffer(InverseOfferProto.newBuilder()
        .setInverseOfferId(id).setNode(node(host, 8041)).setUnavailableAtMs(atMs)
        .addAllContainerIds(List.of(containerIds))).build();
  }

  static EventProto error(String message) {
    return EventProto.newBuilder()
        .setError(FrameworkErrorProto.newBuilder().setMessage(message)).build();
  }
}
