package dev.spindle.rm.web.ui;

import dev.spindle.rm.RmInternals;
import dev.spindle.rm.core.AppCounters;
import dev.spindle.rm.web.ActiveRm;
import dev.spindle.rm.web.WebBackend;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.util.VersionInfo;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterMetricsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnClusterMetrics;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.util.YarnVersionInfo;

/**
 * /cluster and /cluster/cluster: who this RM is, the applications, nodes and resources at a
 * glance (stock's About page and metrics table), and the RM's own queues. A standby shows
 * only who it is and where the active RM is.
 */
final class OverviewPage implements Page {

  static final String NAME = "cluster";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String navLabel() {
    return "Cluster";
  }

  @Override
  public Rendered render(UiRequest req, List<String> args) throws PageError {
    if (!args.isEmpty()) {
      throw PageError.notFound("No page at /cluster/cluster/" + String.join("/", args));
    }
    WebBackend backend = req.backend();
    ActiveRm rm = backend.active();
    StringBuilder b = new StringBuilder();
    if (rm == null) {
      String active = backend.activeWebBase();
      b.append("<p class=\"error\">This ResourceManager is ")
          .append(Html.esc(backend.haState())).append(active == null ? ", and the active one"
              + " is not known." : ". The active one is at " + Html.link(active + "/cluster",
              active) + ".").append("</p>");
      b.append(about(backend, null).render());
      return new Rendered("Cluster overview", b.toString());
    }
    List<NodeReport> running = req.asCaller(() -> rm.client().getClusterNodes(
        GetClusterNodesRequest.newInstance(EnumSet.of(NodeState.RUNNING))).getNodeReports());
    YarnClusterMetrics nodes = req.asCaller(() -> rm.client()
        .getClusterMetrics(GetClusterMetricsRequest.newInstance()).getClusterMetrics());
    AppCounters apps;
    try {
      apps = rm.appCounters();
    } catch (YarnException e) {
      throw PageError.of(e);
    }
    b.append("<div class=\"row\"><section><h2>Applications</h2>").append(apps(apps))
        .append("</section><section><h2>Nodes</h2>").append(nodes(nodes))
        .append("</section><section><h2>Resources of the running nodes</h2>")
        .append(resources(running)).append("</section></div>");
    b.append("<div class=\"row\"><section><h2>About</h2>").append(about(backend, rm).render())
        .append("</section><section><h2>ResourceManager internals</h2>")
        .append(internals(rm.internals())).append("</section></div>");
    return new Rendered("Cluster overview", b.toString());
  }

  private static String apps(AppCounters a) {
    return new Facts("app-counts")
        .addHtml("Submitted", Html.link("/cluster/apps", a.submitted()))
        .addHtml("Pending", Html.link("/cluster/apps/ACCEPTED", a.pending()))
        .addHtml("Running", Html.link("/cluster/apps/RUNNING", a.running()))
        .addHtml("Completed", Html.link("/cluster/apps/FINISHED", a.finished()))
        .addHtml("Failed", Html.link("/cluster/apps/FAILED", a.failed()))
        .addHtml("Killed", Html.link("/cluster/apps/KILLED", a.killed()))
        .render();
  }

  private static String nodes(YarnClusterMetrics m) {
    return new Facts("node-counts")
        .addHtml("Active", Html.link("/cluster/nodes?state=RUNNING",
            m.getNumActiveNodeManagers()))
        .addHtml("Unhealthy", Html.link("/cluster/nodes?state=UNHEALTHY",
            m.getNumUnhealthyNodeManagers()))
        .addHtml("Decommissioning", Html.link("/cluster/nodes?state=DECOMMISSIONING",
            m.getNumDecommissioningNodeManagers()))
        .addHtml("Decommissioned", Html.link("/cluster/nodes?state=DECOMMISSIONED",
            m.getNumDecommissionedNodeManagers()))
        .addHtml("Lost", Html.link("/cluster/nodes?state=LOST", m.getNumLostNodeManagers()))
        .addHtml("Rebooted", Html.link("/cluster/nodes?state=REBOOTED",
            m.getNumRebootedNodeManagers()))
        .addHtml("Shut down", Html.link("/cluster/nodes?state=SHUTDOWN",
            m.getNumShutdownNodeManagers()))
        .render();
  }

  private static String resources(List<NodeReport> nodes) {
    long totalMb = 0;
    long usedMb = 0;
    long totalCores = 0;
    long usedCores = 0;
    long containers = 0;
    for (NodeReport n : nodes) {
      totalMb += n.getCapability().getMemorySize();
      totalCores += n.getCapability().getVirtualCores();
      if (n.getUsed() != null) {
        usedMb += n.getUsed().getMemorySize();
        usedCores += n.getUsed().getVirtualCores();
      }
      containers += n.getNumContainers();
    }
    return new Facts("resources")
        .addHtml("Memory", usage(usedMb, totalMb, Html.mb(usedMb) + " of " + Html.mb(totalMb)))
        .addHtml("vCores", usage(usedCores, totalCores, usedCores + " of " + totalCores))
        .add("Containers", containers)
        .render();
  }

  private static String usage(long used, long total, String text) {
    double f = total == 0 ? 0 : (double) used / total;
    return Html.bar(f, -1, -1) + " " + Html.esc(text + " used (" + Html.percent(f) + ")");
  }

  private static Facts about(WebBackend backend, ActiveRm rm) {
    Facts f = new Facts("about").add("HA state", backend.haState());
    if (rm != null) {
      f.add("Cluster ID", rm.clusterTimestamp())
          .add("Active since", Html.time(rm.startedOn()))
          .add("Scheduler", rm.schedulerType());
    }
    return f.add("ResourceManager version", YarnVersionInfo.getVersion()
            + " (Spindle, Hadoop YARN protocols)")
        .add("Hadoop version", VersionInfo.getVersion())
        .add("ZooKeeper connection", backend.zkConnectionState());
  }

  private static String internals(RmInternals i) {
    return new Facts("internals")
        .add("Operations waiting for the core thread", i.loopQueue())
        .add("Replies waiting for the state store", i.parkedReplies())
        .add("Records waiting to be stored", i.storeQueued())
        .add("Records stored (ZooKeeper commits)",
            i.storeWritten() + " (" + i.storeCommits() + ")")
        .add("AM launches queued", i.amLaunchesQueued())
        .add("AM launches dropped (attempt ended first)", i.amLaunchesDropped())
        .render();
  }
}
