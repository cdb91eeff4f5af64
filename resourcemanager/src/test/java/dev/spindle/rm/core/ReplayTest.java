package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.junit.jupiter.api.Test;

/**
 * The persistence seam: the records an operation sequence produced rebuild the same durable
 * application and attempt state when replayed into an empty state, which is what a state
 * store will do after a restart.
 */
class ReplayTest {

  @Test
  void replayingTheRecordsRebuildsEveryApplicationAndAttempt() throws Exception {
    CoreHarness h = new CoreHarness();
    NodeId node = h.addNode("127.0.0.1", 8192);
    ApplicationId crashed = h.submit(1024, 2);
    h.launched();
    h.heartbeat(node, exited(h.lastAmContainer(), 1));
    ApplicationAttemptId retry = h.launched();
    h.core.registerAm(retry, "h", 1, "url");
    h.core.finishAm(retry, FinalApplicationStatus.SUCCEEDED, "fine", "");
    h.heartbeat(node, exited(h.lastAmContainer(), 0));
    ApplicationId killed = h.submit(1024, 0);
    h.core.kill(killed, "bye");

    RmState rebuilt = new RmState();
    h.records.forEach(rebuilt::replay);

    assertEquals(List.of(crashed, killed), new ArrayList<>(rebuilt.apps.keySet()));
    for (ApplicationId id : rebuilt.apps.keySet()) {
      RmApp original = h.core.state().apps.get(id);
      RmApp copy = rebuilt.apps.get(id);
      assertEquals(original.facts, copy.facts);
      assertEquals(original.attempts.size(), copy.attempts.size());
      for (int i = 0; i < copy.attempts.size(); i++) {
        assertEquals(original.attempts.get(i).facts, copy.attempts.get(i).facts);
      }
    }
  }
}
