package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.ActiveRm;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetQueueInfoRequest;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.QueueStatistics;

/**
 * /cluster/scheduler: the queue tree of whichever policy runs (Capacity, Fair or FIFO), each
 * queue with a bar of what it is guaranteed, what it uses and how far it may grow, as shares
 * of the cluster. The figures are the client protocol's queue reports. Capacity reports a
 * queue's capacity and maximum relative to its parent (multiplied down the tree here); Fair
 * reports them as shares of the whole cluster (its current fair share and maximum share);
 * FIFO's one queue has the whole cluster. Used is the queue's allocated memory over the
 * running nodes' memory.
 */
final class SchedulerPage implements Page {

  @Override
  public String name() {
    return "scheduler";
  }

  @Override
  public String navLabel() {
    return "Queues";
  }

  @Override
  public Rendered render(UiRequest req, List<String> args) throws PageError {
    if (!args.isEmpty()) {
      throw PageError.notFound("No page at /cluster/scheduler/" + String.join("/", args));
    }
    ActiveRm rm = req.rm();
    QueueInfo root = req.asCaller(() -> rm.client().getQueueInfo(
        GetQueueInfoRequest.newInstance("root", false, true, true)).getQueueInfo());
    List<NodeReport> nodes = req.asCaller(() -> rm.client().getClusterNodes(
        GetClusterNodesRequest.newInstance(EnumSet.of(NodeState.RUNNING))).getNodeReports());
    long clusterMb = 0;
    long clusterCores = 0;
    for (NodeReport n : nodes) {
      clusterMb += n.getCapability().getMemorySize();
      clusterCores += n.getCapability().getVirtualCores();
    }
    StringBuilder b = new StringBuilder();
    b.append(new Facts("scheduler").add("Scheduler", label(rm.schedulerType()))
        .add("Cluster", Html.mb(clusterMb) + ", " + clusterCores + " vCores on "
            + nodes.size() + " running nodes")
        .render());
    boolean fair = rm.schedulerType().equals("fairScheduler");
    String guarantee = fair ? "Fair share" : "Guaranteed";
    b.append("<p class=\"legend\">Shares of the cluster:")
        .append("<span style=\"background:#a9c4e6\"></span>")
        .append(guarantee.toLowerCase(java.util.Locale.ROOT))
        .append("<span style=\"background:#2e7d32\"></span>used")
        .append("<span style=\"background:#ef8c00\"></span>used beyond it")
        .append("<span style=\"background:#dfe9f5\"></span>maximum</p>");
    b.append("<table class=\"tree\" id=\"queues\"><thead><tr><th>Queue</th><th>State</th>")
        .append("<th>").append(guarantee).append(" / used / maximum</th><th>")
        .append(guarantee).append("</th><th>Used</th>")
        .append("<th>Maximum</th><th>Used resources</th><th>Apps running</th>")
        .append("<th>Apps pending</th><th>Containers</th></tr></thead><tbody>");
    rows(b, root, 0, fair ? root.getCapacity() : 1f, fair ? root.getMaximumCapacity() : 1f,
        fair, clusterMb);
    b.append("</tbody></table>");
    return new Rendered("Queues", b.toString());
  }

  /** Running and pending apps of a queue; a parent's are its leaves' (reports count leaves). */
  private static long[] apps(QueueInfo q) {
    if (q.getChildQueues() == null || q.getChildQueues().isEmpty()) {
      QueueStatistics s = q.getQueueStatistics();
      return s == null ? new long[2] : new long[] {s.getNumAppsRunning(), s.getNumAppsPending()};
    }
    long[] sum = new long[2];
    for (QueueInfo c : q.getChildQueues()) {
      long[] a = apps(c);
      sum[0] += a[0];
      sum[1] += a[1];
    }
    return sum;
  }

  private static String label(String type) {
    return switch (type) {
      case "capacityScheduler" -> "Capacity Scheduler";
      case "fairScheduler" -> "Fair Scheduler";
      case "fifoScheduler" -> "FIFO Scheduler";
      default -> type;
    };
  }

  /** One row per queue, depth first, children indented under their parent. */
  private static void rows(StringBuilder b, QueueInfo q, int depth, double absCap,
      double absMax, boolean absolute, long clusterMb) {
    QueueStatistics s = q.getQueueStatistics();
    long[] apps = apps(q);
    long usedMb = s == null ? 0 : s.getAllocatedMemoryMB();
    double used = clusterMb > 0 ? (double) usedMb / clusterMb : absCap * q.getCurrentCapacity();
    String path = q.getQueuePath() != null && !q.getQueuePath().isEmpty() ? q.getQueuePath()
        : q.getQueueName();
    String state = q.getQueueState() == null ? "" : q.getQueueState().name();
    b.append("<tr data-key=\"").append(Html.esc(path)).append("\"><td style=\"padding-left:")
        .append(8 + depth * 20).append("px\" title=\"").append(Html.esc(path)).append("\">")
        .append(Html.esc(q.getQueueName())).append("</td><td>").append(Html.esc(state))
        .append("</td><td>").append(Html.bar(used, absCap, absMax)).append("</td><td>")
        .append(Html.percent(absCap)).append("</td><td>").append(Html.percent(used))
        .append("</td><td>").append(Html.percent(absMax)).append("</td><td>")
        .append(Html.esc(Html.mb(usedMb) + ", " + (s == null ? 0 : s.getAllocatedVCores())
            + " vCores")).append("</td><td>").append(apps[0])
        .append("</td><td>").append(apps[1]).append("</td><td>")
        .append(s == null ? 0 : s.getAllocatedContainers()).append("</td></tr>");
    if (q.getChildQueues() != null) {
      for (QueueInfo c : q.getChildQueues()) {
        rows(b, c, depth + 1, absolute ? c.getCapacity() : absCap * c.getCapacity(),
            absolute ? c.getMaximumCapacity() : absMax * c.getMaximumCapacity(), absolute,
            clusterMb);
      }
    }
  }
}
