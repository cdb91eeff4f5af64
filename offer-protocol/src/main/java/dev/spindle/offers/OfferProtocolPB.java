package dev.spindle.offers;

import dev.spindle.offers.proto.OfferProtos.OfferProtocolService;
import org.apache.hadoop.ipc.ProtocolInfo;

/**
 * The offer protocol as Hadoop RPC knows it: the generated blocking service under a protocol
 * name and version. Servers register an implementation with {@link OfferRpc#serveOn}; clients
 * talk to it through {@link OfferProtocolClient}. Authenticated by the AMRM token (see
 * {@link OfferProtocolSecurityInfo}).
 */
@ProtocolInfo(protocolName = OfferProtocolPB.NAME, protocolVersion = OfferProtocolPB.VERSION)
public interface OfferProtocolPB extends OfferProtocolService.BlockingInterface {

  /** The wire name of the protocol (what the RPC header carries). */
  String NAME = "dev.spindle.offers.OfferProtocolPB";

  /** Bumped only on an incompatible change; protobuf evolution covers the rest. */
  long VERSION = 1L;
}
