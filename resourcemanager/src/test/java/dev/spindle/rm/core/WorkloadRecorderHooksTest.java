package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.ResourceVector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.junit.jupiter.api.Test;

/** The core tells its workload recorder what a replay needs, where it sees it. */
class WorkloadRecorderHooksTest {

  /** Keeps what it is told, one line per call, with the core's clock. */
  static final class Lines implements WorkloadRecorder {
    final List<String> lines = new ArrayList<>();

    @Override
    public void nodeJoined(long now, NodeSpec node) {
      lines.add(now + " node " + node.host() + " " + node.capacity().memoryMb());
    }

    @Override
    public void nodeLeft(long now, String nodeId) {
      lines.add(now + " node- " + nodeId);
    }

    @Override
    public void appSubmitted(long now, AppSpec app, ResourceVector amSize, int amPriority) {
      lines.add(now + " app " + app.queue() + " " + app.user() + " am " + amSize.memoryMb());
    }

    @Override
    public void appEnded(long now, long appKey, String finalState) {
      lines.add(now + " app- " + finalState);
    }

    @Override
    public void asked(long now, long appKey, Collection<Ask> asks) {
      for (Ask a : asks) {
        lines.add(now + " ask " + a.resourceName() + " " + a.capability().memoryMb() + " x"
            + a.numContainers());
      }
    }

    @Override
    public void containerStarted(long now, Allocation a, boolean isAm) {
      lines.add(now + " run " + (isAm ? "am" : "task") + " " + a.resource().memoryMb());
    }

    @Override
    public void containerEnded(long now, long allocationId, int exitStatus) {
      lines.add(now + " end " + exitStatus);
    }
  }

  @Test
  void nodesAppsAsksAndContainersAreRecordedWithTheirTimes() throws Exception {
    CoreHarness h = new CoreHarness();
    Lines rec = new Lines();
    h.core.recordWorkload(rec);
    long t0 = CoreHarness.START;
    NodeId node = h.addNode("127.0.0.1", 8192);
    h.submit(1000, 1);
    h.heartbeat(node);
    ContainerId am = h.lastAmContainer();
    ApplicationAttemptId attempt = h.launched();
    h.heartbeat(node, CoreHarness.running(am));
    h.core.registerAm(attempt, "host", 1, "");
    h.clock.advance(100);
    AllocateResult first = h.core.allocate(attempt, new AllocateCommand(0, 0f, null,
        List.of(new Ask(1, 0, Ask.ANY, ResourceVector.of(2000, 1), 2, true)), List.of(),
        List.of(), List.of()));
    h.heartbeat(node);
    List<ContainerId> tasks = new ArrayList<>();
    first.allocated().forEach(c -> tasks.add(c.id()));
    h.core.allocate(attempt, new AllocateCommand(1, 0f, null, List.of(), List.of(), List.of(),
        List.of())).allocated().forEach(c -> tasks.add(c.id()));
    assertEquals(2, tasks.size());
    h.clock.advance(5000);
    h.heartbeat(node, CoreHarness.exited(tasks.get(0), 0), CoreHarness.exited(tasks.get(1), 0));
    h.core.finishAm(attempt, FinalApplicationStatus.SUCCEEDED, "", "");
    h.heartbeat(node, CoreHarness.exited(am, 0));
    h.clock.advance(10);
    h.core.unregisterNode(node);

    List<String> expected = List.of(
        t0 + " node 127.0.0.1 8192",
        // The AM's size normalised as the scheduler got it (1000 MB rounds up to 1024).
        t0 + " app default alice am 1024",
        t0 + " run am 1024",
        (t0 + 100) + " ask * 2048 x2",
        (t0 + 100) + " run task 2048",
        (t0 + 100) + " run task 2048",
        (t0 + 5100) + " end " + ContainerExitStatus.SUCCESS,
        (t0 + 5100) + " end " + ContainerExitStatus.SUCCESS);
    assertEquals(expected, rec.lines.subList(0, expected.size()), String.join("\n", rec.lines));
    assertTrue(rec.lines.contains((t0 + 5100) + " app- FINISHED"), String.join("\n", rec.lines));
    assertEquals(3, rec.lines.stream().filter(l -> l.contains(" end ")).count(),
        String.join("\n", rec.lines));
    assertEquals((t0 + 5110) + " node- 127.0.0.1:1234", rec.lines.get(rec.lines.size() - 1));
  }
}
