package dev.spindle.scheduler;

import java.util.List;

/**
 * Read-only state of one queue, for queue info and metrics. Capacities are fractions (0..1)
 * of the parent, as YARN's {@code QueueInfo} reports them.
 *
 * @param name      short name ({@code default})
 * @param path      full path ({@code root.default})
 * @param capacity  guaranteed share of the parent, 0..1
 * @param maximumCapacity ceiling as a share of the parent, 0..1
 * @param used      resources held by the queue's containers
 * @param children  full paths of the child queues (empty for a leaf)
 * @param appKeys   applications in the queue (leaf queues only)
 */
public record QueueView(
    String name,
    String path,
    boolean running,
    float capacity,
    float maximumCapacity,
    float absoluteCapacity,
    ResourceVector used,
    ResourceVector pending,
    int numContainers,
    List<String> children,
    List<Long> appKeys) {

  public boolean isLeaf() {
    return children.isEmpty();
  }
}
