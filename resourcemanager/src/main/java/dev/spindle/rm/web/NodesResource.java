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
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.api.records.ResourceUtilization;

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
      try {
        org.apache.hadoop.yarn.api.records.NodeId.fromString(p[1]);
      } catch (IllegalArgumentException e) {
        throw WebError.illegalArgument(e.getMessage());
      }
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
    ResourceUtilization nu = n.getNodeUtilization();
    ResourceUtilization cu = n.getAggregatedContainersUtilization();
    m.put("memUtilization", total == null || total.getMemorySize() == 0 || nu == null ? 0f
        : nu.getPhysicalMemory() * 100f / total.getMemorySize());
    m.put("cpuUtilization", nu == null ? 0f : nu.getCPU() * 100f);
    m.put("numRunningOpportContainers", 0);
    m.put("usedMemoryOpportGB", 0);
    m.put("usedVirtualCoresOpport", 0);
    m.put("numQueuedContainers", 0);
    if (n.getNodeLabels() != null && !n.getNodeLabels().isEmpty()) {
      m.put("nodeLabels", new ArrayList<>(n.getNodeLabels()));
    }
    m.put("allocationTags", Web.obj());
    Map<String, Object> u = Web.obj();
    u.put("nodePhysicalMemoryMB", nu == null ? 0 : nu.getPhysicalMemory());
    u.put("nodeVirtualMemoryMB", nu == null ? 0 : nu.getVirtualMemory());
    u.put("nodeCPUUsage", nu == null ? 0f : nu.getCPU());
    u.put("aggregatedContainersPhysicalMemoryMB", cu == null ? 0 : cu.getPhysicalMemory());
    u.put("aggregatedContainersVirtualMemoryMB", cu == null ? 0 : cu.getVirtualMemory());
    u.put("containersCPUUsage", cu == null ? 0f : cu.getCPU());
    m.put("resourceUtilization", u);
    m.put("usedResource", resource(used));
    if (total != null) {
      m.put("availableResource",
          resource(org.apache.hadoop.yarn.util.resource.Resources.subtract(total, used)));
      m.put("nodeAttributesInfo", Web.obj());
      m.put("totalResource", resource(total));
    }
    return m;
  }

  /**
   * A ResourceInfo body: memory, vCores and one resource information per resource type
   * (memory-mb, vcores, then every {@code yarn.resource-types} entry such as yarn.io/gpu).
   */
  static Map<String, Object> resource(Resource r) {
    Map<String, Object> m = Web.obj();
    m.put("memory", r.getMemorySize());
    m.put("vCores", r.getVirtualCores());
    List<Map<String, Object>> infos = new ArrayList<>();
    infos.add(information("memory-mb", "Mi", r.getMemorySize(), 0L, Long.MAX_VALUE, "COUNTABLE"));
    infos.add(information("vcores", "", r.getVirtualCores(), 0L, Long.MAX_VALUE, "COUNTABLE"));
    ResourceInformation[] all = r.getResources();
    for (int i = 2; i < all.length; i++) {
      ResourceInformation ri = all[i];
      infos.add(information(ri.getName(), ri.getUnits(), ri.getValue(),
          ri.getMinimumAllocation(), ri.getMaximumAllocation(), ri.getResourceType().name()));
    }
    m.put("resourceInformations", Web.wrap("resourceInformation", infos));
    return m;
  }

  private static Map<String, Object> information(String name, String units, long value,
      long minimum, long maximum, String type) {
    Map<String, Object> m = Web.obj();
    m.put("maximumAllocation", maximum);
    m.put("minimumAllocation", minimum);
    m.put("name", name);
    m.put("resourceType", type);
    m.put("units", units);
    m.put("value", value);
    return m;
  }
}
