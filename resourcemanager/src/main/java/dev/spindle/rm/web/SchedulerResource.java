package dev.spindle.rm.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetQueueInfoRequest;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.QueueStatistics;

/**
 * /ws/v1/cluster/scheduler: the queue tree from the client protocol's getQueueInfo(root,
 * recursive), in the stock shape of the configured policy's type. Capacities are percents.
 * Only what the queue reports carry is given; the policy-specific extras are not.
 */
final class SchedulerResource {

  private SchedulerResource() {}

  static Map<String, Object> scheduler(HttpServletRequest req) throws WebError {
    ActiveRm rm = Web.active(req.getServletContext());
    QueueInfo root = Web.asCaller(req, () -> rm.client().getQueueInfo(
        GetQueueInfoRequest.newInstance("root", false, true, true)).getQueueInfo());
    String type = rm.schedulerType();
    Map<String, Object> info = Web.obj();
    info.put("type", type);
    if (type.equals("fairScheduler")) {
      info.put("rootQueue", fairQueue(root));
    } else if (type.equals("fifoScheduler")) {
      fifo(req, rm, root, info);
    } else {
      info.put("capacity", root.getCapacity() * 100f);
      info.put("usedCapacity", root.getCurrentCapacity() * 100f);
      info.put("maxCapacity", root.getMaximumCapacity() * 100f);
      info.put("queueName", root.getQueueName());
      info.put("queuePath", "root");
      info.put("queues", children(root, 1f, 1f));
    }
    return Web.wrap("scheduler", Web.wrap("schedulerInfo", info));
  }

  /** Stock FifoSchedulerInfo: capacities as fractions, node capacity totals in MB. */
  private static void fifo(HttpServletRequest req, ActiveRm rm, QueueInfo root,
      Map<String, Object> info) throws WebError {
    List<NodeReport> nodes = Web.asCaller(req, () -> rm.client().getClusterNodes(
        GetClusterNodesRequest.newInstance(EnumSet.of(NodeState.RUNNING))).getNodeReports());
    long total = 0;
    long used = 0;
    int containers = 0;
    for (NodeReport n : nodes) {
      total += n.getCapability().getMemorySize();
      used += n.getUsed() == null ? 0 : n.getUsed().getMemorySize();
      containers += n.getNumContainers();
    }
    Configuration conf = Web.conf(req.getServletContext());
    info.put("capacity", 1.0f);
    info.put("usedCapacity", total == 0 ? 0f : (float) used / total);
    info.put("qstate", root.getQueueState() == null ? "RUNNING" : root.getQueueState().name());
    info.put("minQueueMemoryCapacity", conf.getLong(
        YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_MINIMUM_ALLOCATION_MB));
    info.put("maxQueueMemoryCapacity", conf.getLong(
        YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_MAXIMUM_ALLOCATION_MB));
    info.put("numNodes", nodes.size());
    info.put("usedNodeCapacity", used);
    info.put("availNodeCapacity", total - used);
    info.put("totalNodeCapacity", total);
    info.put("numContainers", containers);
  }

  private static Map<String, Object> children(QueueInfo parent, float absCap, float absMax) {
    List<Object> out = new ArrayList<>();
    for (QueueInfo q : parent.getChildQueues()) {
      float cap = absCap * q.getCapacity();
      float max = absMax * q.getMaximumCapacity();
      Map<String, Object> m = Web.obj();
      boolean leaf = q.getChildQueues() == null || q.getChildQueues().isEmpty();
      if (leaf) {
        m.put("type", "capacitySchedulerLeafQueueInfo");
      }
      m.put("queuePath", q.getQueuePath() != null ? q.getQueuePath()
          : parent.getQueueName() + "." + q.getQueueName());
      m.put("capacity", q.getCapacity() * 100f);
      m.put("usedCapacity", q.getCurrentCapacity() * 100f);
      m.put("maxCapacity", q.getMaximumCapacity() * 100f);
      m.put("absoluteCapacity", cap * 100f);
      m.put("absoluteMaxCapacity", max * 100f);
      m.put("absoluteUsedCapacity", cap * q.getCurrentCapacity() * 100f);
      m.put("numApplications", stats(q) == null ? 0 : stats(q).getNumAppsSubmitted()
          - stats(q).getNumAppsCompleted() - stats(q).getNumAppsKilled()
          - stats(q).getNumAppsFailed());
      m.put("queueName", q.getQueueName());
      m.put("state", q.getQueueState() == null ? null : q.getQueueState().name());
      if (stats(q) != null) {
        m.put("resourcesUsed", NodesResource.resource(org.apache.hadoop.yarn.api.records
            .Resource.newInstance(stats(q).getAllocatedMemoryMB(),
                (int) stats(q).getAllocatedVCores())));
      }
      if (leaf) {
        m.put("numActiveApplications", stats(q) == null ? 0 : stats(q).getNumAppsRunning());
        m.put("numPendingApplications", stats(q) == null ? 0 : stats(q).getNumAppsPending());
        m.put("numContainers", stats(q) == null ? 0 : stats(q).getAllocatedContainers());
      } else {
        m.put("queues", children(q, cap, max));
      }
      out.add(m);
    }
    return out.isEmpty() ? Web.obj() : Web.wrap("queue", out);
  }

  private static Map<String, Object> fairQueue(QueueInfo q) {
    Map<String, Object> m = Web.obj();
    m.put("queueName", q.getQueuePath() != null ? q.getQueuePath() : q.getQueueName());
    QueueStatistics s = stats(q);
    if (s != null) {
      m.put("usedResources", NodesResource.resource(org.apache.hadoop.yarn.api.records
          .Resource.newInstance(s.getAllocatedMemoryMB(), (int) s.getAllocatedVCores())));
    }
    List<Object> kids = new ArrayList<>();
    for (QueueInfo c : q.getChildQueues()) {
      kids.add(fairQueue(c));
    }
    if (!kids.isEmpty()) {
      m.put("childQueues", Web.wrap("queue", kids));
    }
    return m;
  }

  private static QueueStatistics stats(QueueInfo q) {
    return q.getQueueStatistics();
  }
}
