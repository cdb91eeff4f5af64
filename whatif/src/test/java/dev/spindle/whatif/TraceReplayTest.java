package dev.spindle.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace recorded by the RM's recorder, read back as a workload: the same applications,
 * nodes and containers, and, replayed on the recorded config, the same outcome.
 */
class TraceReplayTest {

  @TempDir
  Path trace;
  @TempDir
  Path candidateDir;

  @Test
  void aRecordedTraceReplaysToTheRecordedOutcomeAndComparesWithACandidate() throws Exception {
    Workload w = CapacityReplayTest.busy();
    // Recorded where both queues got their work started: work never started is unknown.
    ReplayResult recorded = TraceFixture.record(w, "capacity",
        Map.of("capacity-scheduler.xml", CapacityReplayTest.capacityXml(50, 50)), trace);

    Workload loaded = TraceLoader.load(trace);
    assertEquals(w.nodes().size(), loaded.nodes().size());
    assertEquals(w.apps().size(), loaded.apps().size());
    assertEquals(0, loaded.lostEvents());
    assertEquals(1000, loaded.heartbeatIntervalMs());
    long started = recorded.queues().values().stream().mapToLong(QueueStats::containers).sum();
    long asked = 0;
    for (Workload.App a : loaded.apps()) {
      for (List<Workload.TaskAsk> stage : a.stages()) {
        for (Workload.TaskAsk t : stage) {
          asked += t.count();
        }
      }
    }
    // Every container the recording started (AMs aside) is work the loaded workload asks for;
    // asks still unmet at the end add to it.
    long ams = loaded.apps().stream().filter(a -> !a.stages().isEmpty() || a.amOnlyMs() >= 0)
        .count();
    assertTrue(asked >= started - ams, asked + " asked, " + started + " started");

    ReplayConfig recordedConf = ReplayConfig.recorded(trace);
    ReplayResult again = Replay.run(loaded, recordedConf.create(),
        recordedConf.preemptionIntervalMs());
    // Replayed on the recorded config, the trace gives the recorded outcome.
    System.out.println(new Comparison(recorded, again).table());
    for (String q : List.of("root.a", "root.b")) {
      QueueStats before = recorded.queues().get(q);
      QueueStats after = again.queues().get(q);
      assertEquals(before.appsSubmitted(), after.appsSubmitted(), q);
      // Run times come back rounded to heartbeats, so the outcome is close, not identical.
      assertTrue(Math.abs(before.appsFinished() - after.appsFinished())
          <= Math.max(2, before.appsFinished() / 20), q + " " + before.appsFinished() + " vs "
          + after.appsFinished());
      double u0 = recorded.utilisation(q);
      double u1 = again.utilisation(q);
      assertTrue(Math.abs(u0 - u1) < 0.05, q + " utilisation " + u0 + " vs " + u1);
    }

    // Against a baseline holding a to 20%, a candidate giving it 60% moves the right way.
    java.nio.file.Files.writeString(candidateDir.resolve("a20.xml"),
        CapacityReplayTest.capacityXml(20, 80));
    java.nio.file.Files.writeString(candidateDir.resolve("a60.xml"),
        CapacityReplayTest.capacityXml(60, 40));
    ReplayConfig a20 = recordedConf.withCandidate(candidateDir.resolve("a20.xml"),
        Optional.empty());
    Comparison c = WhatIf.compare(loaded, a20,
        recordedConf.withCandidate(candidateDir.resolve("a60.xml"), Optional.empty()));
    System.out.println(c.table());
    assertTrue(c.candidate().queues().get("root.a").waitQuantile(0.95)
        < c.baseline().queues().get("root.a").waitQuantile(0.95), c.table());
    assertTrue(c.candidate().utilisation("root.a") > c.baseline().utilisation("root.a"),
        c.table());
  }

  @Test
  void anotherPolicyCanBeTriedOnTheSameTrace() throws Exception {
    Workload w = CapacityReplayTest.busy();
    TraceFixture.record(w, "capacity",
        Map.of("capacity-scheduler.xml", CapacityReplayTest.capacityXml(50, 50)), trace);
    java.nio.file.Files.writeString(candidateDir.resolve("fair.xml"),
        "<allocations><queue name=\"a\"><weight>3</weight></queue>"
            + "<queue name=\"b\"><weight>1</weight></queue></allocations>");
    ReplayConfig recordedConf = ReplayConfig.recorded(trace);
    Comparison c = WhatIf.compare(TraceLoader.load(trace), recordedConf,
        recordedConf.withCandidate(candidateDir.resolve("fair.xml"), Optional.of("fair")));
    System.out.println(c.table());
    // Fair lets a (weight 3) use what b leaves, where Capacity held it to half the cluster:
    // its slowest asks wait much less.
    assertTrue(c.candidate().queues().get("root.a").waitQuantile(0.95)
        < c.baseline().queues().get("root.a").waitQuantile(0.95), c.table());
    assertEquals(300, c.candidate().queues().values().stream()
        .mapToInt(QueueStats::appsSubmitted).sum());
  }
}
