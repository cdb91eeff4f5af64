package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The scheduler's mutable record of one node: usage, containers and schedulability. */
final class NodeState {

  final NodeSpec spec;
  private long usedMemory;
  private long usedVcores;
  /** Usage of further resource types (GPUs, ...); null until a container carries any. */
  private long[] usedOthers;
  private boolean schedulable = true;
  /** Its free memory as filed in the table's room index, or -1 when not filed (no room). */
  long indexedMemory = -1;
  /** Live allocations on this node, in allocation order (ids increase). */
  private final Set<Long> allocationIds = new LinkedHashSet<>();

  NodeState(NodeSpec spec) {
    this.spec = spec;
  }

  String id() {
    return spec.nodeId();
  }

  ResourceVector capacity() {
    return spec.capacity();
  }

  ResourceVector used() {
    return usedOthers == null ? ResourceVector.of(usedMemory, usedVcores)
        : ResourceVector.of(usedMemory, usedVcores, usedOthers);
  }

  /** Capacity minus usage; may be negative in a component the calculator does not count. */
  ResourceVector free() {
    ResourceVector cap = spec.capacity();
    if (usedOthers == null && !cap.hasOthers()) {
      return ResourceVector.of(cap.memoryMb() - usedMemory, cap.vcores() - usedVcores);
    }
    return cap.minus(used());
  }

  boolean schedulable() {
    return schedulable;
  }

  void setSchedulable(boolean schedulable) {
    this.schedulable = schedulable;
  }

  int numContainers() {
    return allocationIds.size();
  }

  List<Long> allocationIds() {
    return new ArrayList<>(allocationIds);
  }

  void charge(long allocationId, ResourceVector r) {
    allocationIds.add(allocationId);
    usedMemory += r.memoryMb();
    usedVcores += r.vcores();
    addOthers(r, 1);
  }

  void credit(long allocationId, ResourceVector r) {
    allocationIds.remove(allocationId);
    usedMemory -= r.memoryMb();
    usedVcores -= r.vcores();
    addOthers(r, -1);
  }

  private void addOthers(ResourceVector r, int sign) {
    if (!r.hasOthers()) {
      return;
    }
    if (usedOthers == null || usedOthers.length < r.otherCount()) {
      usedOthers = usedOthers == null ? new long[r.otherCount()]
          : Arrays.copyOf(usedOthers, r.otherCount());
    }
    for (int i = 0; i < r.otherCount(); i++) {
      usedOthers[i] += sign * r.other(i);
    }
  }

  NodeView view() {
    return new NodeView(spec.nodeId(), spec.host(), spec.rack(), spec.capacity(), used(),
        numContainers(), schedulable);
  }
}
