package dev.spindle.rm.rpc;

import dev.spindle.rm.core.ResourceConverter;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.impl.pb.AllocateRequestPBImpl;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.impl.pb.ApplicationSubmissionContextPBImpl;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException.InvalidResourceType;
import org.apache.hadoop.yarn.proto.YarnProtos.ApplicationSubmissionContextProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceInformationProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceRequestProto;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.impl.pb.RegisterNodeManagerRequestPBImpl;
import org.slf4j.Logger;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
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
        checkKnownTypes(ask.getCapability());
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
        checkKnownTypes(p.getResource());
      }
      for (ResourceRequestProto r : p.getAmContainerResourceRequestList()) {
        checkKnownTypes(r.getCapability());
      }
    }
  }

  /**
   * Rejects a capability naming a type this cluster does not know. Hadoop's record parser
   * drops such an entry with only a log line (ResourcePBImpl#initResources), so an ask for
   * {@code yarn.io/fpga} would silently become an ask for none; this must run on the raw
   * message, before anything parses it.
   */
  private static void checkKnownTypes(ResourceProto capability)
      throws InvalidResourceRequestException {
    if (capability.getResourceValueMapCount() == 0) {
      return;
    }
    List<String> unknown = ResourceConverter.unknownTypes(capability);
    if (!unknown.isEmpty()) {
      throw new InvalidResourceRequestException("Invalid resource request! Requested"
          + " resource type=[" + unknown.get(0) + "] is not a resource type of this cluster"
          + " (known: " + knownTypes() + "), Requested resource=" + describe(capability),
          InvalidResourceType.UNKNOWN);
    }
  }

  private static List<String> knownTypes() {
    List<String> names = new ArrayList<>();
    for (ResourceInformation ri : ResourceUtils.getResourceTypesArray()) {
      names.add(ri.getName());
    }
    return names;
  }

  private static String describe(ResourceProto p) {
    StringBuilder b = new StringBuilder("<memory:").append(p.getMemory())
        .append(", vCores:").append(p.getVirtualCores());
    for (ResourceInformationProto e : p.getResourceValueMapList()) {
      if (!e.getKey().equals(ResourceInformation.MEMORY_URI)
          && !e.getKey().equals(ResourceInformation.VCORES_URI)) {
        b.append(", ").append(e.getKey()).append(": ").append(e.getValue())
            .append(e.getUnits());
      }
    }
    return b.append('>').toString();
  }
}
