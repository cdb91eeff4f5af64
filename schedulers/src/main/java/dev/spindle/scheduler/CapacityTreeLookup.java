package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves what a submission or a mapping names: a full path, or a short name that must be
 * unique among all queues (stock CapacityScheduler refuses an ambiguous short name).
 */
final class CapacityTreeLookup {

  private CapacityTreeLookup() {}

  /** Every queue path the name could mean: the path itself, else all queues with that name. */
  static List<String> find(Map<String, CapacityQueueConfig> queues, String nameOrPath) {
    if (queues.containsKey(nameOrPath)) {
      return List.of(nameOrPath);
    }
    List<String> matches = new ArrayList<>();
    if (nameOrPath.contains(".")) {
      // A partial path such as "a.b" matches a full path ending in ".a.b".
      for (String path : queues.keySet()) {
        if (path.endsWith("." + nameOrPath)) {
          matches.add(path);
        }
      }
      return matches;
    }
    for (CapacityQueueConfig queue : queues.values()) {
      if (queue.name().equals(nameOrPath)) {
        matches.add(queue.path());
      }
    }
    return matches;
  }
}
