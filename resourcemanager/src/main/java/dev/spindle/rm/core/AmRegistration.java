package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.YarnServiceProtos.SchedulerResourceTypes;

/**
 * What a registering AM is told; the AM-RM adapter turns it into a
 * RegisterApplicationMasterResponse.
 *
 * @param maximumCapability      the largest container its queue grants
 * @param schedulerResourceTypes the resource types the scheduler takes into account
 * @param fromPreviousAttempts   live containers kept from earlier attempts (keep-containers)
 * @param nmTokenNodes           nodes of those containers it needs an NM token for
 * @param user                   the application's submitter (NM tokens name it)
 */
public record AmRegistration(
    ResourceVector maximumCapability,
    String queue,
    Map<ApplicationAccessType, String> applicationAcls,
    Set<SchedulerResourceTypes> schedulerResourceTypes,
    List<ContainerGrant> fromPreviousAttempts,
    List<NodeId> nmTokenNodes,
    String user) {}
