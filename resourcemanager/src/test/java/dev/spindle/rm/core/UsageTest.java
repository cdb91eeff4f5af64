package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static dev.spindle.rm.core.CoreHarness.running;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.PreemptionDecision;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationResourceUsageReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.junit.jupiter.api.Test;

/**
 * Usage accounting (stock RMAppMetrics): resource-seconds of every container the application
 * held, running ones counted up to now, what preemption took, and all of it kept across a
 * restart once the attempt has ended.
 */
class UsageTest {

  private final CoreHarness h = new CoreHarness();

  private static AllocateCommand ask(int responseId, int containers) {
    return new AllocateCommand(responseId, 0.5f, null, containers == 0 ? List.of()
        : List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(2048, 1), containers, true)),
        List.of(), List.of(), List.of());
  }

  private ApplicationResourceUsageReport usage(CoreHarness harness, ApplicationId app)
      throws Exception {
    return harness.report(app).getApplicationResourceUsageReport();
  }

  @Test
  void resourceSecondsCountEveryContainerAndWhatPreemptionTook() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 16384);
    ApplicationId app = h.submit(1024, 1);
    ApplicationAttemptId attempt = h.launched();
    ContainerId am = h.lastAmContainer();
    h.core.registerAm(attempt, "h", 1, "");
    List<ContainerGrant> tasks = h.core.allocate(attempt, ask(0, 2)).allocated();
    h.heartbeat(node, running(am), running(tasks.get(0).id()),
        running(tasks.get(1).id()));

    // Timeline (s):  AM 1024 MB x 1 vcore from 0; two 2048 MB x 1 vcore tasks from 0.
    //   0-10: all three run; at 10 task 0 exits; at 10 task 1 is preempted.
    //   10-30: the AM alone; the report at 30 counts it up to then.
    h.clock.advance(10_000);
    h.heartbeat(node, running(am), exited(tasks.get(0).id(), 0));
    long allocation = h.core.containers().get(tasks.get(1).id()).allocationId;
    h.core.preempt(new PreemptionDecision(List.of(), List.of(allocation), List.of()));
    h.clock.advance(20_000);

    ApplicationResourceUsageReport u = usage(h, app);
    assertEquals(1024 * 30 + 2048 * 10 + 2048 * 10, u.getMemorySeconds());
    assertEquals(30 + 10 + 10, u.getVcoreSeconds());
    assertEquals(2048 * 10, u.getPreemptedMemorySeconds());
    assertEquals(10, u.getPreemptedVcoreSeconds());
    Map<ApplicationId, Usage> all = h.core.usages(List.of(app));
    assertEquals(2048, all.get(app).preemptedMemoryMb());
    assertEquals(1, all.get(app).preemptedNonAm());
    assertEquals(0, all.get(app).preemptedAm());

    // The AM finishes at 30 s; its container exits at 35 s and is charged to then.
    h.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "", null);
    h.clock.advance(5_000);
    h.heartbeat(node, exited(am, 0));
    ApplicationResourceUsageReport done = usage(h, app);
    assertEquals(1024 * 35 + 2048 * 20, done.getMemorySeconds());
    h.clock.advance(60_000);
    assertEquals(done.getMemorySeconds(), usage(h, app).getMemorySeconds(),
        "a finished application's usage no longer grows");

    CoreHarness after = new CoreHarness();
    after.core.recover(h.records, 2);
    assertEquals(done.getMemorySeconds(), usage(after, app).getMemorySeconds(),
        "the recorded usage survives a restart");
    assertEquals(2048 * 10, usage(after, app).getPreemptedMemorySeconds());
  }

  @Test
  void containersKeptAcrossAttemptsAreChargedOnce() throws Exception {
    NodeId node = h.addNode("127.0.0.1", 16384);
    ApplicationId app = h.submit(1024, 2, true);
    ApplicationAttemptId first = h.launched();
    ContainerId am1 = h.lastAmContainer();
    h.core.registerAm(first, "h", 1, "");
    ContainerGrant task = h.core.allocate(first, ask(0, 1)).allocated().get(0);
    h.heartbeat(node, running(am1), running(task.id()));
    h.clock.advance(10_000);
    // The first AM dies at 10 s; the task runs on into the second attempt.
    h.heartbeat(node, exited(am1, 1), running(task.id()));
    h.clock.advance(10_000);
    // First AM 1024 MB x 10 s + the task 2048 MB x 20 s, charged once although it moved to
    // the second attempt at 10 s + the second AM 1024 MB x 10 s (allocated at once at 10 s).
    assertEquals(2, h.attemptReports(app).size());
    assertEquals(1024L * 10 + 2048L * 20 + 1024L * 10, usage(h, app).getMemorySeconds());
  }
}
