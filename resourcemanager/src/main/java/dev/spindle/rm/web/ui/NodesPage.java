package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.ActiveRm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * /cluster/nodes[?state=S]: every node the RM knows with its state, health report and how
 * much of it is in use, sortable; a state filter as stock's /cluster/nodes/{state} offers.
 */
final class NodesPage implements Page {

  @Override
  public String name() {
    return "nodes";
  }

  @Override
  public String navLabel() {
    return "Nodes";
  }

  @Override
  public Rendered render(UiRequest req, List<String> args) throws PageError {
    if (args.size() > 1) {
      throw PageError.notFound("No page at /cluster/nodes/" + String.join("/", args));
    }
    String name = args.isEmpty() ? req.param("state") : args.get(0);
    EnumSet<NodeState> states = EnumSet.allOf(NodeState.class);
    if (!name.isEmpty()) {
      try {
        states = EnumSet.of(NodeState.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw PageError.badRequest("No node state " + name + "; one of "
            + java.util.Arrays.toString(NodeState.values()));
      }
    }
    ActiveRm rm = req.rm();
    EnumSet<NodeState> wanted = states;
    List<NodeReport> nodes = new ArrayList<>(req.asCaller(() -> rm.client()
        .getClusterNodes(GetClusterNodesRequest.newInstance(wanted)).getNodeReports()));
    nodes.sort(Comparator.comparing(n -> n.getNodeId().toString()));
    StringBuilder b = new StringBuilder("<form class=\"filters\" method=\"get\""
        + " action=\"/cluster/nodes\"><label>State <select name=\"state\" id=\"filter-state\""
        + " onchange=\"this.form.submit()\"><option value=\"\">All</option>");
    for (NodeState s : NodeState.values()) {
      b.append("<option").append(s.name().equalsIgnoreCase(name) ? " selected" : "")
          .append(">").append(s.name()).append("</option>");
    }
    b.append("</select></label><noscript><button type=\"submit\">Filter</button></noscript>")
        .append("</form>");
    b.append("<p id=\"node-count\">").append(nodes.size())
        .append(nodes.size() == 1 ? " node." : " nodes.").append("</p>");
    b.append(table(nodes));
    return new Rendered(name.isEmpty() ? "Nodes" : "Nodes " + name.toUpperCase(Locale.ROOT),
        b.toString());
  }

  private static String table(List<NodeReport> nodes) {
    Table t = new Table("nodes").col("Node").col("Rack").col("State").col("Health report")
        .num("Last health update").col("HTTP address").num("Containers").num("Memory used")
        .num("Memory").num("vCores used").num("vCores").whenEmpty("No nodes.");
    for (NodeReport n : nodes) {
      Resource total = n.getCapability() == null ? Resource.newInstance(0, 0)
          : n.getCapability();
      Resource used = n.getUsed() == null ? Resource.newInstance(0, 0) : n.getUsed();
      double memShare = total.getMemorySize() == 0 ? 0
          : (double) used.getMemorySize() / total.getMemorySize();
      double coreShare = total.getVirtualCores() == 0 ? 0
          : (double) used.getVirtualCores() / total.getVirtualCores();
      String state = n.getNodeState() == null ? "" : n.getNodeState().name();
      String http = n.getHttpAddress();
      boolean live = n.getNodeState() != null && !n.getNodeState().isInactiveState();
      String health = n.getHealthReport() == null || n.getHealthReport().isEmpty() ? "Healthy"
          : n.getHealthReport();
      t.row(n.getNodeId().toString()).text(n.getNodeId()).text(n.getRackName())
          .html("<span class=\"state-" + Html.esc(state) + "\">" + Html.esc(state) + "</span>",
              state)
          .text(health)
          .sorted(Html.time(n.getLastHealthReportTime()), n.getLastHealthReportTime())
          .text(live && http != null ? http : "")
          .sorted(n.getNumContainers(), n.getNumContainers())
          .html(Html.bar(memShare, -1, -1) + " " + Html.esc(Html.mb(used.getMemorySize())),
              used.getMemorySize())
          .sorted(Html.mb(total.getMemorySize()), total.getMemorySize())
          .html(Html.bar(coreShare, -1, -1) + " " + used.getVirtualCores(),
              used.getVirtualCores())
          .sorted(total.getVirtualCores(), total.getVirtualCores());
    }
    return t.render();
  }
}
