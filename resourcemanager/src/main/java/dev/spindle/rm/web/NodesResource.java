package dev.spindle.rm.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetClusterNodesRequest;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;

/** /ws/v1/cluster/nodes?states= and /nodes/{nodeId} (stock dao.NodeInfo field names). */
final class NodesResource {

  private NodesResource() {}

  static Object get(HttpServletRequest req, String[] p) throws WebError {
    if (p.length > 2) {
      return null;
    }
    EnumSet<NodeState> states = EnumSet.allOf(NodeState.class);
    Set<String> names = AppsResource.commaList(req, "states");
    if (p.length == 1 && names != null) {
      states = EnumSet.noneOf(NodeState.class);
      for (String n : names) {
        try {
          states.add(NodeState.valueOf(n.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw WebError.badRequest("Invalid node state " + n);
        }
      }
    }
    ActiveRm rm = Web.active(req.getServletContext());
    EnumSet<NodeState> wanted = states;
    List<NodeReport> reports = Web.asCaller(req, () -> rm.client()
        .getClusterNodes(GetClusterNodesRequest.newInstance(wanted)).getNodeReports());
    if (p.length == 2) {
      for (NodeReport n : reports) {
        if (n.getNodeId().toString().equals(p[1])) {
          return Web.wrap("node", node(n));
        }
      }
      throw WebError.notFound("nodeId, " + p[1] + ", is not found");
    }
    List<Object> out = new ArrayList<>();
    for (NodeReport n : reports) {
      out.add(node(n));
    }
    return AppJson.list("nodes", "node", out);
  }

  static Map<String, Object> node(NodeReport n) {
    boolean active = n.getNodeState() != null && !n.getNodeState().isInactiveState();
    Resource total = n.getCapability();
    Resource used = n.getUsed() == null ? Resource.newInstance(0, 0) : n.getUsed();
    Map<String, Object> m = Web.obj();
    m.put("rack", n.getRackName());
    m.put("state", n.getNodeState() == null ? null : n.getNodeState().name());
    m.put("id", n.getNodeId().toString());
    m.put("nodeHostName", n.getNodeId().getHost());
    m.put("nodeHTTPAddress", active && n.getHttpAddress() != null ? n.getHttpAddress() : "");
    m.put("lastHealthUpdate", n.getLastHealthReportTime());
    m.put("version", "");
    m.put("healthReport", n.getHealthReport() == null ? "" : n.getHealthReport());
    m.put("numContainers", n.getNumContainers());
    m.put("usedMemoryMB", used.getMemorySize());
    m.put("availMemoryMB", total == null ? 0 : total.getMemorySize() - used.getMemorySize());
    m.put("usedVirtualCores", used.getVirtualCores());
    m.put("availableVirtualCores",
        total == null ? 0 : total.getVirtualCores() - used.getVirtualCores());
    if (n.getNodeLabels() != null && !n.getNodeLabels().isEmpty()) {
      m.put("nodeLabels", new ArrayList<>(n.getNodeLabels()));
    }
    m.put("usedResource", resource(used));
    if (total != null) {
      m.put("availableResource", resource(Resource.newInstance(
          total.getMemorySize() - used.getMemorySize(),
          total.getVirtualCores() - used.getVirtualCores())));
      m.put("totalResource", resource(total));
    }
    return m;
  }

  static Map<String, Object> resource(Resource r) {
    Map<String, Object> m = Web.obj();
    m.put("memory", r.getMemorySize());
    m.put("vCores", r.getVirtualCores());
    return m;
  }
}
