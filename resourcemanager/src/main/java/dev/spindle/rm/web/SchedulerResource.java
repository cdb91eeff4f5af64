package dev.spindle.rm.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetQueueInfoRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.util.resource.Resources;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
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
      Map<String, Object> rootQueue = fairRoot(capacityContext(req, rm).cluster());
      rootQueue.putAll(fairQueue(root));
      info.put("rootQueue", rootQueue);
    } else if (type.equals("fifoScheduler")) {
      fifo(req, rm, root, info);
    } else {
      info.put("capacity", root.getCapacity() * 100f);
      info.put("usedCapacity", root.getCurrentCapacity() * 100f);
      info.put("maxCapacity", root.getMaximumCapacity() * 100f);
      info.put("queueName", root.getQueueName());
      info.put("queuePath", "root");
      info.put("queues", children(capacityContext(req, rm), root, 1f, 1f));
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

  /** What the Capacity leaves' limits need: the settings, the cluster, AM usage per queue. */
  private record CapacityContext(CapacityLeafLimits limits, Resource cluster,
      Map<String, Resource> amByQueue) {}

  private static CapacityContext capacityContext(HttpServletRequest req, ActiveRm rm)
      throws WebError {
    List<NodeReport> nodes = Web.asCaller(req, () -> rm.client().getClusterNodes(
        GetClusterNodesRequest.newInstance(EnumSet.of(NodeState.RUNNING))).getNodeReports());
    Resource cluster = Resource.newInstance(0, 0);
    for (NodeReport n : nodes) {
      cluster = Resources.add(cluster, n.getCapability());
    }
    List<ApplicationReport> apps = Web.asCaller(req, () -> rm.client().getApplications(
        GetApplicationsRequest.newInstance(EnumSet.of(YarnApplicationState.ACCEPTED,
            YarnApplicationState.RUNNING))).getApplicationList());
    Map<ApplicationAttemptId, ContainerReport> ams = AppJson.amContainers(rm, apps);
    Map<String, Resource> amByQueue = new HashMap<>();
    for (ApplicationReport a : apps) {
      ContainerReport am = ams.get(a.getCurrentApplicationAttemptId());
      if (am != null && am.getAllocatedResource() != null) {
        amByQueue.merge(a.getQueue(), am.getAllocatedResource(), Resources::add);
      }
    }
    return new CapacityContext(CapacityLeafLimits.of(Web.conf(req.getServletContext())),
        cluster, amByQueue);
  }

  private static Map<String, Object> children(CapacityContext ctx, QueueInfo parent,
      float absCap, float absMax) {
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
        m.put("resourcesUsed", NodesResource.resource(Resource.newInstance(
            stats(q).getAllocatedMemoryMB(),
                (int) stats(q).getAllocatedVCores())));
      }
      if (leaf) {
        m.put("numActiveApplications", stats(q) == null ? 0 : stats(q).getNumAppsRunning());
        m.put("numPendingApplications", stats(q) == null ? 0 : stats(q).getNumAppsPending());
        m.put("numContainers", stats(q) == null ? 0 : stats(q).getAllocatedContainers());
        String path = (String) m.get("queuePath");
        Resource am = ctx.amByQueue().getOrDefault(path,
            ctx.amByQueue().getOrDefault(q.getQueueName(), Resource.newInstance(0, 0)));
        ctx.limits().addTo(m, path, cap, ctx.cluster(), am);
      } else {
        m.put("queues", children(ctx, q, cap, max));
      }
      out.add(m);
    }
    return out.isEmpty() ? Web.obj() : Web.wrap("queue", out);
  }

  /**
   * The root's shares in stock order: the whole cluster is root's maximum, fair and steady
   * fair share; minimum, app limit and policy are the Fair defaults (the policy's own
   * settings stay inside it).
   */
  private static Map<String, Object> fairRoot(Resource cluster) {
    Map<String, Object> m = Web.obj();
    m.put("maxApps", Integer.MAX_VALUE);
    m.put("minResources", NodesResource.resource(Resource.newInstance(0, 0)));
    m.put("maxResources", NodesResource.resource(cluster));
    m.put("usedResources", null);
    m.put("steadyFairResources", NodesResource.resource(cluster));
    m.put("fairResources", NodesResource.resource(cluster));
    m.put("clusterResources", NodesResource.resource(cluster));
    m.put("queueName", "root");
    m.put("schedulingPolicy", "fair");
    return m;
  }

  private static Map<String, Object> fairQueue(QueueInfo q) {
    Map<String, Object> m = Web.obj();
    m.put("queueName", q.getQueuePath() != null ? q.getQueuePath() : q.getQueueName());
    QueueStatistics s = stats(q);
    if (s != null) {
      m.put("usedResources", NodesResource.resource(Resource.newInstance(
          s.getAllocatedMemoryMB(), (int) s.getAllocatedVCores())));
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
