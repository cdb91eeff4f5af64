package dev.spindle.rm.rpc;

import dev.spindle.rm.core.ResourceConverter;
import java.util.List;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.impl.pb.AllocateRequestPBImpl;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.impl.pb.ApplicationSubmissionContextPBImpl;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.proto.YarnProtos.ApplicationSubmissionContextProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceRequestProto;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.RegisterNodeManagerRequestPBImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses asks naming a resource type the cluster does not declare. Hadoop's records drop an
 * unknown type while parsing, so the check reads the raw messages; it must run before the
 * asks or the AM resource are first read from the record (reading them re-encodes the
 * message without the unknown entry). Records built in this JVM cannot carry one at all.
 */
final class UnknownResourceTypes {

  private static final Logger LOG = LoggerFactory.getLogger(UnknownResourceTypes.class);

  private UnknownResourceTypes() {}

  static void check(AllocateRequest request) throws InvalidResourceRequestException {
    if (request instanceof AllocateRequestPBImpl pb) {
      for (ResourceRequestProto ask : pb.getProto().getAskList()) {
        ResourceConverter.checkKnownTypes(ask.getCapability());
      }
    }
  }

  /**
   * A node declaring types the cluster does not know is accepted without them, as by the
   * stock RM, but said out loud: its record parser would drop them with only a warning of
   * its own that does not name the node.
   */
  static void warnUnknown(RegisterNodeManagerRequest request) {
    if (request instanceof RegisterNodeManagerRequestPBImpl pb && pb.getProto().hasResource()) {
      List<String> unknown = ResourceConverter.unknownTypes(pb.getProto().getResource());
      if (!unknown.isEmpty()) {
        LOG.warn("Node {} declares resource types {} that yarn.resource-types does not list;"
            + " they are ignored", request.getNodeId(), unknown);
      }
    }
  }

  static void check(ApplicationSubmissionContext ctx) throws InvalidResourceRequestException {
    if (ctx instanceof ApplicationSubmissionContextPBImpl pb) {
      ApplicationSubmissionContextProto p = pb.getProto();
      if (p.hasResource()) {
        ResourceConverter.checkKnownTypes(p.getResource());
      }
      for (ResourceRequestProto r : p.getAmContainerResourceRequestList()) {
        ResourceConverter.checkKnownTypes(r.getCapability());
      }
    }
  }
}
