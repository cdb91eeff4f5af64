package dev.spindle.rm.rpc;

import dev.spindle.rm.core.ResourceConverter;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.impl.pb.AllocateRequestPBImpl;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.impl.pb.ApplicationSubmissionContextPBImpl;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.proto.YarnProtos.ApplicationSubmissionContextProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceRequestProto;

/**
 * Refuses asks naming a resource type the cluster does not declare. Hadoop's records drop an
 * unknown type while parsing, so the check reads the raw messages; it must run before the
 * asks or the AM resource are first read from the record (reading them re-encodes the
 * message without the unknown entry). Records built in this JVM cannot carry one at all.
 */
final class UnknownResourceTypes {

  private UnknownResourceTypes() {}

  static void check(AllocateRequest request) throws InvalidResourceRequestException {
    if (request instanceof AllocateRequestPBImpl pb) {
      for (ResourceRequestProto ask : pb.getProto().getAskList()) {
        ResourceConverter.checkKnownTypes(ask.getCapability());
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
