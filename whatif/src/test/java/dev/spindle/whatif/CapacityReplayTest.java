package dev.spindle.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerConfigSource;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Replays of one busy workload whose numbers must move the way a capacity change says. */
class CapacityReplayTest {

  /** Two leaves a and b, each held to its guarantee (maximum = capacity). */
  static String capacityXml(int a, int b) {
    return "<configuration>"
        + prop("yarn.scheduler.capacity.root.queues", "a,b")
        + prop("yarn.scheduler.capacity.root.a.capacity", a)
        + prop("yarn.scheduler.capacity.root.a.maximum-capacity", a)
        + prop("yarn.scheduler.capacity.root.b.capacity", b)
        + prop("yarn.scheduler.capacity.root.b.maximum-capacity", b)
        + prop("yarn.scheduler.capacity.root.a.maximum-am-resource-percent", 0.5)
        + prop("yarn.scheduler.capacity.root.b.maximum-am-resource-percent", 0.5)
        + "</configuration>";
  }

  static String prop(String name, Object value) {
    return "<property><name>" + name + "</name><value>" + value + "</value></property>";
  }

  static ReplayConfig capacity(int a, int b) {
    return new ReplayConfig("capacity", SchedulerConfigSource.of(
        Map.of("capacity-scheduler.xml", capacityXml(a, b))), new Configuration(false));
  }

  /** Two hours of 20 nodes kept busy from both queues. */
  static Workload busy() {
    return SyntheticWorkload.of(42, 20, ResourceVector.of(16384, 16), 2 * 3600_000L, 300,
        List.of("a", "b"), 20, 120_000);
  }

  @Test
  void raisingQueueACapacityCutsItsWaitsAndRaisesItsShare() {
    Workload w = busy();
    Comparison c = WhatIf.compare(w, capacity(20, 80), capacity(60, 40));
    ReplayResult before = c.baseline();
    ReplayResult after = c.candidate();
    QueueStats a0 = before.queues().get("root.a");
    QueueStats a1 = after.queues().get("root.a");
    QueueStats b0 = before.queues().get("root.b");
    QueueStats b1 = after.queues().get("root.b");
    String table = c.table();
    System.out.println(table);

    assertTrue(a1.waitQuantile(0.95) < a0.waitQuantile(0.95), table);
    assertTrue(a1.waitQuantile(0.5) <= a0.waitQuantile(0.5), table);
    assertTrue(after.utilisation("root.a") > before.utilisation("root.a"), table);
    assertTrue(after.utilisation("root.b") < before.utilisation("root.b"), table);
    assertTrue(b1.waitQuantile(0.95) > b0.waitQuantile(0.95), table);
    // Held to its guarantee, a never holds more than its share of the cluster.
    assertTrue(before.utilisation("root.a") <= 0.20 + 1e-9, table);
    assertTrue(after.utilisation("root.a") <= 0.60 + 1e-9, table);
    // The same applications were submitted either way.
    assertEquals(a0.appsSubmitted(), a1.appsSubmitted());
    assertEquals(300, a0.appsSubmitted() + b0.appsSubmitted());
    assertTrue(a1.appsFinished() >= a0.appsFinished(), table);
    assertTrue(table.contains("root.a") && table.contains("wait95"), table);
  }

  @Test
  void aReplayIsDeterministic() {
    Workload w = busy();
    ReplayResult one = Replay.run(w, capacity(20, 80).create(), 3000);
    ReplayResult two = Replay.run(w, capacity(20, 80).create(), 3000);
    for (String q : List.of("root.a", "root.b")) {
      assertEquals(one.queues().get(q).waitQuantile(0.95), two.queues().get(q).waitQuantile(0.95));
      assertEquals(one.queues().get(q).memMs(), two.queues().get(q).memMs());
      assertEquals(one.queues().get(q).appsFinished(), two.queues().get(q).appsFinished());
    }
  }

  @Test
  void skippingHeartbeatsThatCannotPlaceAnythingChangesNoNumber() {
    // Without host or rack preferences, so heartbeats are skipped whenever they are quiet.
    Workload w = SyntheticWorkload.of(5, 20, ResourceVector.of(16384, 16), 3600_000L, 200,
        List.of("a", "b"), 20, 120_000);
    Workload anywhere = new Workload(w.nodes(), w.apps().stream().map(a -> new Workload.App(
        a.key(), a.queue(), a.user(), a.priority(), a.unmanaged(), a.amSize(), a.amPriority(),
        a.submit(), a.killedAt(), a.amOnlyMs(), a.workKnown(), a.stages().stream()
            .map(stage -> stage.stream().map(t -> new Workload.TaskAsk(t.offsetMs(),
                t.priority(), t.allocationRequestId(), t.size(), t.count(), t.runMs(),
                List.<String>of(), t.relax())).toList()).toList())).toList(),
        w.heartbeatIntervalMs(), w.start(), w.end(), 0);
    for (Workload load : List.of(w, anywhere)) {
      ReplayResult skipping = Replay.run(load, capacity(20, 80).create(), 3000);
      ReplayResult every = Replay.runEveryHeartbeat(load, capacity(20, 80).create(), 3000);
      assertTrue(skipping.nodeVisits() <= every.nodeVisits());
      if (load == anywhere) {
        assertTrue(skipping.nodeVisits() < every.nodeVisits(),
            skipping.nodeVisits() + " visits skipping, " + every.nodeVisits() + " not");
      }
      for (String q : List.of("root.a", "root.b")) {
        QueueStats a = skipping.queues().get(q);
        QueueStats b = every.queues().get(q);
        assertEquals(b.waitQuantile(0.5), a.waitQuantile(0.5), q);
        assertEquals(b.waitQuantile(0.95), a.waitQuantile(0.95), q);
        assertEquals(b.memMs(), a.memMs(), q);
        assertEquals(b.appsFinished(), a.appsFinished(), q);
        assertEquals(b.containers(), a.containers(), q);
      }
    }
  }
}
