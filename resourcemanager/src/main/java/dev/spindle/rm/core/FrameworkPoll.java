package dev.spindle.rm.core;

import java.util.List;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * The answer to a framework's poll; kept, so a retried poll gets the same answer.
 *
 * @param tokenNodes nodes the framework needs a new NM token for
 */
public record FrameworkPoll(int responseId, List<FrameworkEvent> events, List<NodeId> tokenNodes,
    String user) {}
