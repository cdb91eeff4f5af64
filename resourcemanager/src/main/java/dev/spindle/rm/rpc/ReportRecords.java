package dev.spindle.rm.rpc;

import dev.spindle.rm.core.NodeSnapshot;
import dev.spindle.rm.core.ResourceConverter;
import java.util.HashSet;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeUpdateType;

/**
 * Turns the core's snapshots into the Hadoop report records clients read (yarn-compat 1.4,
 * 1.7, 1.8, 2.8). Runs on RPC threads: building records is kept off the core thread.
 */
public final class ReportRecords {

  private ReportRecords() {}

  public static NodeReport node(NodeSnapshot n) {
    NodeReport r = NodeReport.newInstance(n.id(), n.state(), n.httpAddress(), n.rack(),
        ResourceConverter.toResource(n.used()), ResourceConverter.toResource(n.capability()),
        n.numContainers(), n.healthReport(), n.lastHealthReportTime());
    r.setNodeLabels(new HashSet<>());
    r.setDecommissioningTimeout(n.decommissioningTimeout());
    return r;
  }

  /**
   * The report an AM gets in updated_nodes: the node's report plus what kind of change it is,
   * as the stock RM's DefaultAMSProcessor sends (DECOMMISSIONING, back to usable, unusable).
   */
  public static NodeReport nodeUpdate(NodeSnapshot n) {
    NodeReport r = node(n);
    r.setNodeUpdateType(switch (n.state()) {
      case DECOMMISSIONING -> NodeUpdateType.NODE_DECOMMISSIONING;
      case RUNNING, NEW -> NodeUpdateType.NODE_USABLE;
      default -> NodeUpdateType.NODE_UNUSABLE;
    });
    return r;
  }
}
