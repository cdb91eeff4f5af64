package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random call sequences against Capacity and Fair, with reloads and preemption rounds mixed
 * in. After every call the queue books must balance with the core's: every parent holds what
 * its children hold, every leaf what its applications hold, the root what the cluster holds;
 * the walk's wanting counts match the applications that want something. Same seed, same
 * decisions.
 */
class QueueInvariantsTest {

  private static final String[] LEAVES = {"root.a.x", "root.a.y", "root.b"};

  private static ConfigFiles capacityFiles(String bMax) {
    return new ConfigFiles().capacity("root.queues", "a,b", "root.a.capacity", "60",
        "root.a.queues", "x,y", "root.a.x.capacity", "50", "root.a.y.capacity", "50",
        "root.a.x.ordering-policy", "fair", "root.a.y.minimum-user-limit-percent", "50",
        "root.b.capacity", "40", "root.b.maximum-capacity", bMax,
        "root.a.x.maximum-am-resource-percent", "0.3", "node-locality-delay", "2",
        "root.a.max-parallel-apps", "3", "user.u2.max-parallel-apps", "1")
        .yarnSite("yarn.resourcemanager.scheduler.monitor.enable", "true");
  }

  private static ConfigFiles fairFiles(String bWeight) {
    return new ConfigFiles().yarnSite("yarn.scheduler.fair.preemption", "true",
        "yarn.scheduler.fair.preemption.cluster-utilization-threshold", "0.1").fair(
        "<defaultQueueSchedulingPolicy>drf</defaultQueueSchedulingPolicy>",
        "<defaultMinSharePreemptionTimeout>2</defaultMinSharePreemptionTimeout>",
        "<queue name=\"a\"><queue name=\"x\"><maxRunningApps>2</maxRunningApps></queue>"
            + "<queue name=\"y\"><schedulingPolicy>fifo</schedulingPolicy></queue></queue>",
        "<queue name=\"b\"><weight>" + bWeight + "</weight>"
            + "<minResources>2048 mb, 2 vcores</minResources></queue>");
  }

  @ParameterizedTest(name = "Capacity, seed {0}")
  @ValueSource(longs = {1, 7, 42})
  @DisplayName("Capacity keeps queue books balanced and replays identically")
  void capacity(long seed) {
    Supplier<CoreScheduler> make = () -> CapacityScheduler.create(SchedulerSettings.defaults(),
        capacityFiles("100").source(), UserGroups.NONE);
    check(seed, make, s -> ((Reconfigurable) s).reconfigure(capacityFiles(
        seed % 2 == 0 ? "50" : "100").source()));
  }

  @ParameterizedTest(name = "Fair, seed {0}")
  @ValueSource(longs = {1, 7, 42})
  @DisplayName("Fair keeps queue books balanced and replays identically")
  void fair(long seed) {
    Supplier<CoreScheduler> make = () -> FairScheduler.create(SchedulerSettings.defaults(),
        fairFiles("1").source(), UserGroups.NONE);
    check(seed, make, s -> ((Reconfigurable) s).reconfigure(fairFiles("3").source()));
  }

  private void check(long seed, Supplier<CoreScheduler> make,
      java.util.function.Consumer<CoreScheduler> reload) {
    List<Allocation> first = run(seed, make.get(), reload);
    assertTrue(first.size() > 10, "the sequence should allocate: " + first.size());
    assertEquals(first, run(seed, make.get(), reload));
  }

  private List<Allocation> run(long seed, CoreScheduler s,
      java.util.function.Consumer<CoreScheduler> reload) {
    Random random = new Random(seed);
    List<Allocation> decisions = new ArrayList<>();
    List<Long> live = new ArrayList<>();
    long now = 0;
    for (int step = 0; step < 500; step++) {
      String host = "h" + random.nextInt(6);
      long appKey = 1 + random.nextInt(8);
      switch (random.nextInt(11)) {
        case 0 -> {
          if (s.node(host + ":1").isEmpty()) {
            s.addNode(new NodeSpec(host + ":1", host, "/r" + random.nextInt(2),
                mb(1024L * (2 + random.nextInt(6)), 4)));
          }
        }
        case 1 -> live.removeAll(s.removeNode(host + ":1"));
        case 2 -> {
          if (s.application(appKey).isEmpty()) {
            s.addApplication(new AppSpec(appKey, LEAVES[random.nextInt(LEAVES.length)],
                "u" + random.nextInt(3), random.nextInt(2)));
          }
        }
        case 3 -> live.removeAll(s.removeApplication(appKey));
        case 4 -> s.updateAsks(appKey, List.of(
            new Ask(random.nextInt(3), -1, Ask.ANY, mb(512L * (1 + random.nextInt(4)), 1),
                random.nextInt(6), random.nextBoolean()),
            new Ask(random.nextInt(3), -1, host, mb(1024, 1), random.nextInt(3), true)));
        case 5 -> {
          if (!live.isEmpty()) {
            long id = live.remove(random.nextInt(live.size()));
            assertTrue(s.release(id), "live allocation " + id + " must release once");
          }
        }
        case 6 -> {
          if (random.nextInt(4) == 0) {
            reload.accept(s);
          } else if (!live.isEmpty()) {
            ((AmContainerAware) s).markAmContainer(live.get(random.nextInt(live.size())));
          }
        }
        case 7 -> {
          now += 1000;
          for (long id : ((Preempting) s).preemptionRound(now).kill()) {
            assertTrue(s.release(id));
            live.remove(id);
          }
        }
        default -> {
          List<Allocation> placed = random.nextBoolean() ? s.allocateAll()
              : s.allocateOn(host + ":1");
          placed.forEach(a -> live.add(a.allocationId()));
          decisions.addAll(placed);
        }
      }
      checkBooks(s, live);
    }
    return decisions;
  }

  private static void checkBooks(CoreScheduler s, List<Long> live) {
    QueueView root = s.queue("root").orElseThrow();
    assertEquals(s.clusterUsed(), root.used());
    assertEquals(live.size(), root.numContainers());
    assertEquals(s.clusterUsed(), sum(s, root));
    // Only running applications are walked (running-app limits hold the others back).
    int wanting = 0;
    for (AppState app : s.state.apps()) {
      boolean runnable = s instanceof FairScheduler f ? f.tree().runnable(app)
          : ((CapacityScheduler) s).tree().runnable(app);
      wanting += app.asks.hasPending() && runnable ? 1 : 0;
    }
    int walked = s instanceof CapacityScheduler c ? c.tree().root.wantingInSubtree
        : ((FairScheduler) s).tree().root.wantingInSubtree;
    assertEquals(wanting, walked);
    checkAmBooks(s);
  }

  /** Each leaf's AM usage is the sum of its applications' live AM containers. */
  private static void checkAmBooks(CoreScheduler s) {
    java.util.Map<String, ResourceVector> expected = new java.util.HashMap<>();
    for (AppState app : s.state.apps()) {
      Allocation am = s.state.allocation(app.amAllocationId());
      if (am != null) {
        expected.merge(app.queuePath, am.resource(), ResourceVector::plus);
      }
    }
    if (s instanceof CapacityScheduler c) {
      for (CapacityQueue q : c.tree().queues()) {
        assertEquals(expected.getOrDefault(q.path(), ResourceVector.ZERO), q.amUsed, q.path());
      }
    } else {
      for (FairQueue q : ((FairScheduler) s).tree().queues()) {
        assertEquals(expected.getOrDefault(q.path(), ResourceVector.ZERO), q.amUsed, q.path());
      }
    }
  }

  /** Checks a queue's usage against its children or applications; returns it. */
  private static ResourceVector sum(CoreScheduler s, QueueView q) {
    ResourceVector total = ResourceVector.ZERO;
    for (String child : q.children()) {
      total = total.plus(sum(s, s.queue(child).orElseThrow()));
    }
    for (long key : q.appKeys()) {
      total = total.plus(s.application(key).orElseThrow().used());
    }
    assertEquals(q.used(), total, q.path());
    return total;
  }
}
