package dev.spindle.scheduler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy that can describe its queues as they take effect on the current cluster: each
 * queue's guaranteed and maximum resources in absolute terms, its weight and limits, who may
 * submit and administer, plus the placement rules. What an admin compares before applying a
 * new configuration ({@link QueueDiff}).
 */
public interface EffectiveQueues {

  /** Every queue, parents before their children, in the policy's tree order. */
  List<QueueSettings> effectiveQueues();

  /** The placement rules (queue mappings), one per line, in the order they apply. */
  List<String> placementRules();

  /**
   * One queue's effective settings, in a fixed order; values are what an admin reads
   * ({@code "40960 MB, 40 vcores"}, {@code "alice,bob admins"}).
   */
  record QueueSettings(String path, Map<String, String> settings) {

    public QueueSettings {
      settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
  }

  /** "{memory} MB, {vcores} vcores", or "unlimited" for an unbounded value. */
  static String resources(ResourceVector r) {
    if (r.memoryMb() == Long.MAX_VALUE || r.vcores() == Long.MAX_VALUE) {
      return "unlimited";
    }
    return r.memoryMb() + " MB, " + r.vcores() + " vcores";
  }

  /**
   * Who a queue's ACL lets in, with its ancestors' (a right held on an ancestor applies to
   * the whole subtree): {@code aclOf} gives each queue's own ACL by path.
   */
  static String effectiveAcl(String path, java.util.function.Function<String, Acl> aclOf) {
    java.util.Set<String> users = new java.util.TreeSet<>();
    java.util.Set<String> groups = new java.util.TreeSet<>();
    for (String p = path; p != null; p = p.contains(".") ? p.substring(0, p.lastIndexOf('.'))
        : null) {
      Acl acl = aclOf.apply(p);
      if (acl == null) {
        continue;
      }
      if (acl.everyone()) {
        return "*";
      }
      users.addAll(acl.users());
      groups.addAll(acl.groups());
    }
    return acl(new Acl(false, users, groups));
  }

  /** An ACL as the stock files write it: "*", "nobody", or "users groups". */
  static String acl(Acl acl) {
    if (acl.everyone()) {
      return "*";
    }
    if (acl.users().isEmpty() && acl.groups().isEmpty()) {
      return "nobody";
    }
    return String.join(",", new java.util.TreeSet<>(acl.users())) + " "
        + String.join(",", new java.util.TreeSet<>(acl.groups()));
  }

  /** A fraction as a percentage with up to two decimals ("33.33 %"). */
  static String percent(double fraction) {
    return String.format(java.util.Locale.ROOT, "%.2f", fraction * 100)
        .replaceAll("\\.?0+$", "") + " %";
  }
}
