package dev.spindle.scheduler.bench;

import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.CapacityScheduler;
import dev.spindle.scheduler.FairScheduler;
import dev.spindle.scheduler.FifoScheduler;
import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.OfferScheduling;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerConfigSource;
import dev.spindle.scheduler.SchedulerSettings;
import dev.spindle.scheduler.UserGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated cluster the benchmarks run on: 10,000 nodes of 16 GB and 16 vcores in 40
 * racks, 1,000 applications of 100 users spread over the 27 leaves of a 3-level queue tree
 * (root.qI.qIJ.qIJK), each asking for far more 1 GB containers than the cluster holds.
 */
final class BenchCluster {

  static final int NODES = 10_000;
  static final int APPS = 1_000;
  static final int CONTAINERS_PER_NODE = 16;
  static final int ASK_PER_APP = 100_000;

  private BenchCluster() {}

  static Scheduler build(String policy) {
    Scheduler s = create(policy);
    for (int i = 0; i < NODES; i++) {
      s.addNode(new NodeSpec(node(i), "h" + i, "/rack" + (i / 250),
          ResourceVector.of(16 * 1024, 16)));
    }
    List<String> leaves = leaves();
    for (int i = 0; i < APPS; i++) {
      String queue = policy.equals("fifo") ? "default" : leaves.get(i % leaves.size());
      if (s.addApplication(new AppSpec(i + 1, queue, "u" + (i % 100), 0)).isPresent()) {
        throw new IllegalStateException("application " + i + " refused");
      }
      s.updateAsks(i + 1, List.of(new Ask(1, -1, Ask.ANY, ResourceVector.of(1024, 1),
          ASK_PER_APP, true)));
    }
    return s;
  }

  /**
   * The same nodes and queues, with {@code frameworks} offer-mode frameworks (spread over the
   * leaves, unmanaged AMs) instead of request-based applications.
   */
  static Scheduler withFrameworks(String policy, int frameworks) {
    Scheduler s = create(policy);
    for (int i = 0; i < NODES; i++) {
      s.addNode(new NodeSpec(node(i), "h" + i, "/rack" + (i / 250),
          ResourceVector.of(16 * 1024, 16)));
    }
    List<String> leaves = leaves();
    OfferScheduling offers = (OfferScheduling) s;
    for (int i = 0; i < frameworks; i++) {
      String queue = policy.equals("fifo") ? "default" : leaves.get(i % leaves.size());
      if (s.addApplication(new AppSpec(i + 1, queue, "u" + (i % 100), 0, true)).isPresent()) {
        throw new IllegalStateException("framework " + i + " refused");
      }
      offers.registerFramework(i + 1);
    }
    return s;
  }

  static String node(int i) {
    return String.format("n%05d:8041", i);
  }

  private static Scheduler create(String policy) {
    SchedulerSettings settings = SchedulerSettings.defaults();
    return switch (policy) {
      case "fifo" -> new FifoScheduler(settings);
      case "capacity-memory" -> CapacityScheduler.create(settings, capacity(false),
          UserGroups.NONE);
      case "capacity-dominant" -> CapacityScheduler.create(settings, capacity(true),
          UserGroups.NONE);
      case "fair-drf" -> FairScheduler.create(settings, fair(), UserGroups.NONE);
      default -> throw new IllegalArgumentException(policy);
    };
  }

  private static List<String> leaves() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          out.add("root.q" + i + ".q" + i + j + ".q" + i + j + k);
        }
      }
    }
    return out;
  }

  private static SchedulerConfigSource capacity(boolean dominant) {
    StringBuilder xml = new StringBuilder("<configuration>\n");
    prop(xml, "resource-calculator", "org.apache.hadoop.yarn.util.resource."
        + (dominant ? "DominantResourceCalculator" : "DefaultResourceCalculator"));
    children(xml, "root", "q", 0);
    return SchedulerConfigSource.of(Map.of("capacity-scheduler.xml",
        xml.append("</configuration>\n").toString()));
  }

  private static void children(StringBuilder xml, String path, String prefix, int depth) {
    if (depth == 3) {
      prop(xml, path + ".user-limit-factor", "-1");
      return;
    }
    prop(xml, path + ".queues", prefix + "0," + prefix + "1," + prefix + "2");
    String[] caps = {"33.3", "33.3", "33.4"};
    for (int i = 0; i < 3; i++) {
      String child = path + "." + prefix + i;
      prop(xml, child + ".capacity", caps[i]);
      children(xml, child, prefix + i, depth + 1);
    }
  }

  private static void prop(StringBuilder xml, String key, String value) {
    xml.append("<property><name>yarn.scheduler.capacity.").append(key).append("</name><value>")
        .append(value).append("</value></property>\n");
  }

  private static SchedulerConfigSource fair() {
    StringBuilder xml = new StringBuilder("<allocations>\n"
        + "<defaultQueueSchedulingPolicy>drf</defaultQueueSchedulingPolicy>\n");
    fairChildren(xml, "q", 0);
    return SchedulerConfigSource.of(Map.of("fair-scheduler.xml",
        xml.append("</allocations>\n").toString()));
  }

  private static void fairChildren(StringBuilder xml, String prefix, int depth) {
    if (depth == 3) {
      return;
    }
    for (int i = 0; i < 3; i++) {
      xml.append("<queue name=\"").append(prefix).append(i).append("\">");
      fairChildren(xml, prefix + i, depth + 1);
      xml.append("</queue>\n");
    }
  }
}
