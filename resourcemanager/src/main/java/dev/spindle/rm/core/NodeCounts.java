package dev.spindle.rm.core;

import java.util.Map;
import org.apache.hadoop.yarn.api.records.NodeState;

/** How many known nodes are in each state: what the cluster metrics are made of. */
public record NodeCounts(Map<NodeState, Integer> byState) {

  public NodeCounts {
    byState = Map.copyOf(byState);
  }

  public int in(NodeState state) {
    return byState.getOrDefault(state, 0);
  }
}
