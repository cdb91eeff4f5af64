package dev.spindle.scheduler;

/**
 * A node as the scheduler sees it when it joins.
 *
 * @param nodeId   unique node key, the NodeManager's {@code host:port} string
 * @param host     the host name that node-local resource requests name
 * @param rack     the rack path, e.g. {@code /default-rack}
 * @param capacity total resources the node offers to containers
 */
public record NodeSpec(String nodeId, String host, String rack, ResourceVector capacity) {}
