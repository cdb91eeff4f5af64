package dev.spindle.rm.metrics;

import dev.spindle.metrics.StockGroup;
import dev.spindle.metrics.StockGroup.Kind;
import dev.spindle.metrics.StockGroup.Type;
import dev.spindle.rm.core.MetricsSample;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.NodeState;

/**
 * Stock {@code Hadoop:service=ResourceManager,name=ClusterMetrics}: nodes per state and the
 * cluster's capability, with the attribute names of stock's ClusterMetrics. The dispatcher
 * queue size is the depth of Spindle's one event loop, the nearest thing it has.
 */
final class ClusterMetricsGroup {

  final StockGroup group = new StockGroup("ClusterMetrics", "ClusterMetrics",
      StockTags.yarn(Map.of("ClusterMetrics", "ResourceManager")));

  ClusterMetricsGroup() {
    node("NumActiveNMs", "# of active NMs");
    node("NumDecommissioningNMs", "# of decommissioning NMs");
    node("NumDecommissionedNMs", "# of decommissioned NMs");
    node("NumLostNMs", "# of lost NMs");
    node("NumUnhealthyNMs", "# of unhealthy NMs");
    node("NumRebootedNMs", "# of Rebooted NMs");
    node("NumShutdownNMs", "# of Shutdown NMs");
    group.add("CapabilityMB", Kind.GAUGE, Type.LONG, "Memory Capability");
    group.add("CapabilityVirtualCores", Kind.GAUGE, Type.LONG, "Vcore Capability");
    group.add("RmDispatcherEventQueueSize", Kind.GAUGE, Type.INT,
        "# of rm dispatcher event queue size");
  }

  private void node(String name, String description) {
    group.add(name, Kind.GAUGE, Type.INT, description);
  }

  void update(MetricsSample s) {
    // Stock counts a node active only while RUNNING (decommissioning ones apart).
    group.set("NumActiveNMs", s.nodes().in(NodeState.RUNNING));
    group.set("NumDecommissioningNMs", s.nodes().in(NodeState.DECOMMISSIONING));
    group.set("NumDecommissionedNMs", s.nodes().in(NodeState.DECOMMISSIONED));
    group.set("NumLostNMs", s.nodes().in(NodeState.LOST));
    group.set("NumUnhealthyNMs", s.nodes().in(NodeState.UNHEALTHY));
    group.set("NumRebootedNMs", s.nodes().in(NodeState.REBOOTED));
    group.set("NumShutdownNMs", s.nodes().in(NodeState.SHUTDOWN));
    group.set("CapabilityMB", s.capacity().memoryMb());
    group.set("CapabilityVirtualCores", s.capacity().vcores());
  }

  void loopDepth(int depth) {
    group.set("RmDispatcherEventQueueSize", depth);
  }
}
