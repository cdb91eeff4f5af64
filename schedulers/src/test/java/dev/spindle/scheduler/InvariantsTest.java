package dev.spindle.scheduler;

import static dev.spindle.scheduler.Fixtures.mb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of scheduler calls from a fixed seed. After every call the books must
 * balance: what the nodes hold equals what the applications hold equals the cluster total,
 * and no node is charged beyond its memory. The same seed must give the same decisions.
 */
class InvariantsTest {

  @ParameterizedTest(name = "seed {0} keeps the books balanced and replays identically")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  @DisplayName("random call sequences keep the books balanced and are deterministic")
  void randomSequences(long seed) {
    List<Allocation> first = run(seed);
    assertTrue(first.size() > 10, "the sequence should allocate: " + first.size());
    assertEquals(first, run(seed));
  }

  private List<Allocation> run(long seed) {
    Random random = new Random(seed);
    FifoScheduler s = new FifoScheduler(SchedulerSettings.defaults());
    List<Allocation> decisions = new ArrayList<>();
    List<Long> live = new ArrayList<>();
    for (int step = 0; step < 600; step++) {
      int op = random.nextInt(9);
      String host = "h" + random.nextInt(8);
      long appKey = 1 + random.nextInt(6);
      switch (op) {
        case 0 -> {
          if (s.node(host + ":1").isEmpty()) {
            s.addNode(new NodeSpec(host + ":1", host, "/r" + random.nextInt(3),
                mb(1024L * (2 + random.nextInt(6)), 4)));
          }
        }
        case 1 -> live.removeAll(s.removeNode(host + ":1"));
        case 2 -> {
          if (s.application(appKey).isEmpty()) {
            s.addApplication(new AppSpec(appKey, "default", "u", random.nextInt(2)));
          }
        }
        case 3 -> live.removeAll(s.removeApplication(appKey));
        case 4 -> s.updateAsks(appKey, List.of(
            new Ask(random.nextInt(3), -1, Ask.ANY, mb(512L * (1 + random.nextInt(4)), 1),
                random.nextInt(5), random.nextBoolean()),
            new Ask(random.nextInt(3), -1, host, mb(1024, 1), random.nextInt(3), true),
            new Ask(random.nextInt(3), -1, "/r" + random.nextInt(3), mb(1024, 1),
                random.nextInt(3), random.nextBoolean())));
        case 5 -> {
          if (!live.isEmpty()) {
            long id = live.remove(random.nextInt(live.size()));
            assertTrue(s.release(id), "live allocation " + id + " must release once");
          }
        }
        case 6 -> s.setNodeSchedulable(host + ":1", random.nextInt(4) != 0);
        case 7 -> s.updateBlacklist(appKey, List.of(host), List.of("h" + random.nextInt(8)));
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

  private static void checkBooks(FifoScheduler s, List<Long> live) {
    ResourceVector onNodes = ResourceVector.ZERO;
    int containersOnNodes = 0;
    for (int h = 0; h < 8; h++) {
      NodeView n = s.node("h" + h + ":1").orElse(null);
      if (n != null) {
        assertTrue(n.used().memoryMb() <= n.capacity().memoryMb(), n.toString());
        onNodes = onNodes.plus(n.used());
        containersOnNodes += n.numContainers();
      }
    }
    ResourceVector byApps = ResourceVector.ZERO;
    int containersByApps = 0;
    for (long a = 1; a <= 6; a++) {
      AppView app = s.application(a).orElse(null);
      if (app != null) {
        assertTrue(!app.pending().anyNegative(), app.toString());
        byApps = byApps.plus(app.used());
        containersByApps += app.numContainers();
      }
    }
    assertEquals(s.clusterUsed(), onNodes);
    assertEquals(s.clusterUsed(), byApps);
    assertEquals(live.size(), containersOnNodes);
    assertEquals(live.size(), containersByApps);
    assertEquals(live.size(), s.queue("default").orElseThrow().numContainers());
  }
}
