package dev.spindle.scheduler;

import java.util.List;
import java.util.Map;

/**
 * Builds and checks one {@link FairQueueConfig} from the values its element gives, falling
 * back to the allocation file's defaults, and inheriting preemption settings from the parent
 * (as the stock AllocationFileQueueParser does).
 */
final class FairQueueBuilder {

  private FairQueueBuilder() {}

  static FairQueueConfig build(String path, Map<String, String> own, List<String> children,
      boolean declaredParent, FairQueueConfig parent, FairQueueConfig defaults, String file)
      throws ConfigProblem {
    String name = path.substring(path.lastIndexOf('.') + 1);
    boolean root = parent == null;
    double weight = own.containsKey("weight")
        ? doubleValue(own.get("weight"), "weight", file, path) : 1;
    if (weight < 0) {
      throw new ConfigProblem(file, path, "weight must not be negative, got " + weight);
    }
    FairResource min = own.containsKey("minResources")
        ? resource(own.get("minResources"), "minResources", file, path) : FairResource.NONE;
    FairResource max = own.containsKey("maxResources")
        ? resource(own.get("maxResources"), "maxResources", file, path)
        : root ? FairResource.UNLIMITED : defaults.maxResources();
    if (!min.isPercent() && !max.isPercent() && !min.absolute().fitsIn(max.absolute())) {
      throw new ConfigProblem(file, path, "minResources " + min.absolute()
          + " exceed maxResources " + max.absolute());
    }
    int maxApps = own.containsKey("maxRunningApps")
        ? intValue(own.get("maxRunningApps"), "maxRunningApps", file, path)
        : root ? Integer.MAX_VALUE : defaults.maxRunningApps();
    double amShare = own.containsKey("maxAMShare")
        ? doubleValue(own.get("maxAMShare"), "maxAMShare", file, path) : defaults.maxAmShare();
    if (amShare > 1 || amShare < 0 && amShare != -1) {
      throw new ConfigProblem(file, path, "maxAMShare must be in [0, 1] or -1, got "
          + amShare);
    }
    FairPolicy policy = policy(own, children.isEmpty() && !declaredParent, parent, defaults,
        file, path);
    Acl submit = own.containsKey("aclSubmitApps") ? Acl.parse(own.get("aclSubmitApps"))
        : root ? Acl.ALL : Acl.NONE;
    Acl admin = own.containsKey("aclAdministerApps") ? Acl.parse(own.get("aclAdministerApps"))
        : root ? Acl.ALL : Acl.NONE;
    Preemption pre = preemption(own, root ? defaults : parent, file, path);
    ResourceVector maxContainer = maxContainer(own, parent, file, path);
    return new FairQueueConfig(path, name, List.copyOf(children), declaredParent, weight, min,
        max, maxApps, amShare, policy, submit, admin, pre.minTimeoutMs, pre.fairTimeoutMs,
        pre.threshold, pre.allowFrom, maxContainer);
  }

  /** {@code maxContainerAllocation}: absolute, not on root, within the parent's. */
  private static ResourceVector maxContainer(Map<String, String> own, FairQueueConfig parent,
      String file, String path) throws ConfigProblem {
    ResourceVector inherited = parent == null ? null : parent.maxContainerAllocation();
    if (!own.containsKey("maxContainerAllocation")) {
      return inherited;
    }
    if (parent == null) {
      throw new ConfigProblem(file, path, "maxContainerAllocation is not allowed on root");
    }
    FairResource r = resource(own.get("maxContainerAllocation"), "maxContainerAllocation",
        file, path);
    if (r.isPercent()) {
      throw new ConfigProblem(file, path, "maxContainerAllocation must be absolute, not a"
          + " percentage");
    }
    if (inherited != null && !r.absolute().fitsIn(inherited)) {
      throw new ConfigProblem(file, path, "maxContainerAllocation " + r.absolute()
          + " exceeds the parent's " + inherited);
    }
    return r.absolute();
  }

  /** The queue's own policy or the default, checked against its place in the tree. */
  private static FairPolicy policy(Map<String, String> own, boolean leaf,
      FairQueueConfig parent, FairQueueConfig defaults, String file, String path)
      throws ConfigProblem {
    FairPolicy policy = own.containsKey("schedulingPolicy")
        ? policy(own.get("schedulingPolicy"), file, path) : defaults.policy();
    if (policy == FairPolicy.FIFO && !leaf) {
      throw new ConfigProblem(file, path, "schedulingPolicy fifo is only allowed on leaf"
          + " queues");
    }
    if (parent != null && !parent.policy().allowsChild(policy)) {
      throw new ConfigProblem(file, path, "schedulingPolicy " + name(policy)
          + " is not allowed under parent " + parent.path() + " with schedulingPolicy "
          + name(parent.policy()));
    }
    return policy;
  }

  private record Preemption(long minTimeoutMs, long fairTimeoutMs, double threshold,
      boolean allowFrom) {}

  /** Preemption settings: the queue's own, else inherited from {@code from}. */
  private static Preemption preemption(Map<String, String> own, FairQueueConfig from,
      String file, String path) throws ConfigProblem {
    long minTimeout = own.containsKey("minSharePreemptionTimeout")
        ? longValue(own.get("minSharePreemptionTimeout"), "minSharePreemptionTimeout", file,
            path) * 1000 : from.minSharePreemptionTimeoutMs();
    long fairTimeout = own.containsKey("fairSharePreemptionTimeout")
        ? longValue(own.get("fairSharePreemptionTimeout"), "fairSharePreemptionTimeout", file,
            path) * 1000 : from.fairSharePreemptionTimeoutMs();
    double threshold = own.containsKey("fairSharePreemptionThreshold")
        ? doubleValue(own.get("fairSharePreemptionThreshold"), "fairSharePreemptionThreshold",
            file, path) : from.fairSharePreemptionThreshold();
    if (threshold < 0 || threshold > 1) {
      throw new ConfigProblem(file, path, "fairSharePreemptionThreshold must be in [0, 1],"
          + " got " + threshold);
    }
    boolean allowFrom = own.containsKey("allowPreemptionFrom")
        ? Boolean.parseBoolean(own.get("allowPreemptionFrom")) : from.allowPreemptionFrom();
    return new Preemption(minTimeout, fairTimeout, threshold, allowFrom);
  }

  static FairQueueConfig withChildren(FairQueueConfig q, List<String> children) {
    return new FairQueueConfig(q.path(), q.name(), List.copyOf(children), q.declaredParent(),
        q.weight(), q.minResources(), q.maxResources(), q.maxRunningApps(), q.maxAmShare(),
        q.policy(), q.submitAcl(), q.adminAcl(), q.minSharePreemptionTimeoutMs(),
        q.fairSharePreemptionTimeoutMs(), q.fairSharePreemptionThreshold(),
        q.allowPreemptionFrom(), q.maxContainerAllocation());
  }

  /**
   * A queue created by a placement rule: the file's defaults under its parent, except that
   * it takes the parent's policy when the parent does not allow the default one.
   */
  static FairQueueConfig dynamic(String path, FairQueueConfig parent, FairQueueConfig defaults)
      throws ConfigProblem {
    Map<String, String> own = parent.policy().allowsChild(defaults.policy())
        && defaults.policy() != FairPolicy.FIFO ? Map.of()
        : Map.of("schedulingPolicy", parent.policy().name());
    return build(path, own, List.of(), false, parent, defaults, FairConfig.FILE);
  }

  private static String name(FairPolicy p) {
    return p.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static FairPolicy policy(String text, String file, String path) throws ConfigProblem {
    FairPolicy p = FairPolicy.parse(text);
    if (p == null) {
      throw new ConfigProblem(file, path, "schedulingPolicy '" + text
          + "' is not fair, drf or fifo");
    }
    return p;
  }

  private static FairResource resource(String text, String what, String file, String path)
      throws ConfigProblem {
    try {
      return FairResource.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(file, path, what + " " + e.getMessage());
    }
  }

  static int intValue(String text, String what, String file, String path) throws ConfigProblem {
    try {
      int v = Integer.parseInt(text.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigProblem(file, path, what + " '" + text.trim()
          + "' is not a non-negative whole number");
    }
  }

  static long longValue(String text, String what, String file, String path)
      throws ConfigProblem {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigProblem(file, path, what + " '" + text.trim() + "' is not a number");
    }
  }

  static double doubleValue(String text, String what, String file, String path)
      throws ConfigProblem {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigProblem(file, path, what + " '" + text.trim() + "' is not a number");
    }
  }
}
