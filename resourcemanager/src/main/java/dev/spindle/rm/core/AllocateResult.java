package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * What one AM heartbeat gets back; the AM-RM adapter turns it into an AllocateResponse,
 * minting the container and NM tokens there. An attempt keeps its last result so a retried
 * heartbeat is answered with the same content.
 *
 * @param allocated           containers newly granted, in allocation order
 * @param completed           containers completed since the last heartbeat
 * @param updatedNodes        nodes whose usability changed (updated_nodes)
 * @param headroom            what the application may still get
 * @param liveNodes           nodes in a live state
 * @param nmTokenNodes        nodes the AM needs a new NM token for
 * @param applicationPriority the application's priority, or null when it has none
 * @param preemption          outstanding preemption warnings, or null when there are none
 * @param user                the application's submitter (NM tokens name it)
 */
public record AllocateResult(
    int responseId,
    List<ContainerGrant> allocated,
    List<CompletedContainer> completed,
    List<NodeSnapshot> updatedNodes,
    ResourceVector headroom,
    int liveNodes,
    List<NodeId> nmTokenNodes,
    Integer applicationPriority,
    PreemptionWarning preemption,
    String user) {

  /** What registration leaves as the last result: the AM's first allocate carries id 0. */
  static AllocateResult registered(String user) {
    return new AllocateResult(0, List.of(), List.of(), List.of(), ResourceVector.ZERO, 0,
        List.of(), null, null, user);
  }
}
