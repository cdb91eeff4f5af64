package dev.spindle.rm.core;

import static dev.spindle.rm.core.CoreHarness.exited;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.store.StoreSettings;
import dev.spindle.rm.store.ZkStateStore;
import dev.spindle.rm.store.ZkStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core's records through a real ZooKeeper: what one RM wrote, a second store instance
 * (a restarted RM) reads back into the same durable application and attempt state.
 */
class StoredReplayTest {

  private final TestingServer zk;
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  StoredReplayTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
    zk.close();
  }

  private ZkStateStore store(StoreSettings settings) {
    ZkStateStore store = ZkStores.activated(settings);
    closeLater.add(store);
    return store;
  }

  private ZkStateStore reader(StoreSettings settings) {
    ZkStateStore store = ZkStores.reader(settings);
    closeLater.add(store);
    return store;
  }

  @Test
  void aRestartedRmReadsBackEveryApplicationAndAttempt() throws Exception {
    StoreSettings settings = ZkStores.settings(zk, 1 << 20, 1000);
    CoreHarness h = new CoreHarness(new YarnConfiguration(), store(settings));
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
    ApplicationId running = h.submit(1024, 0);
    h.core.registerAm(h.launched(), "h", 1, "url");

    RmState rebuilt = new RmState();
    reader(settings).load().forEach(rebuilt::replay);

    assertEquals(List.of(crashed, killed, running), new ArrayList<>(rebuilt.apps.keySet()));
    for (ApplicationId id : rebuilt.apps.keySet()) {
      RmApp original = h.core.state().apps.get(id);
      RmApp copy = rebuilt.apps.get(id);
      assertEquals(original.submission, copy.submission);
      assertEquals(original.facts, copy.facts);
      assertEquals(original.attempts.size(), copy.attempts.size());
      for (int i = 0; i < copy.attempts.size(); i++) {
        assertEquals(original.attempts.get(i).facts, copy.attempts.get(i).facts);
      }
    }
    assertEquals(new ArrayList<>(h.core.state().completed), new ArrayList<>(rebuilt.completed));
  }

  @Test
  void anApplicationTooBigForAZnodeFailsAloneAndStaysQueryable() throws Exception {
    StoreSettings settings = ZkStores.settings(zk, 64 * 1024, 1000);
    CoreHarness h = new CoreHarness(new YarnConfiguration(), store(settings));
    h.addNode("127.0.0.1", 8192);
    ApplicationId big = h.core.newApplicationId();
    h.core.submit(submission(h, big, "x".repeat(100 * 1024)));
    ApplicationId small = h.submit(1024, 0);

    ApplicationReport report = h.report(big);
    assertEquals(YarnApplicationState.FAILED, report.getYarnApplicationState());
    assertTrue(report.getDiagnostics().contains("yarn.resourcemanager.zk-max-znode-size.bytes"),
        report.getDiagnostics());
    assertEquals(YarnApplicationState.ACCEPTED,
        h.report(small).getYarnApplicationState());

    RmState rebuilt = new RmState();
    reader(settings).load().forEach(rebuilt::replay);
    assertEquals(AppState.FAILED, rebuilt.apps.get(big).facts.state());
    assertEquals(AppState.ACCEPTED, rebuilt.apps.get(small).facts.state());
  }

  /** A submission whose AM environment carries {@code payload}. */
  private static AppSubmission submission(CoreHarness h, ApplicationId id, String payload) {
    ApplicationSubmissionContext ctx = Records.newRecord(ApplicationSubmissionContext.class);
    ctx.setApplicationId(id);
    ctx.setApplicationName("big");
    ctx.setQueue("default");
    ctx.setPriority(Priority.newInstance(0));
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of("BIG", payload),
        List.of("true"), null, null, null));
    ResourceRequest am = ResourceRequest.newInstance(Priority.newInstance(0),
        ResourceRequest.ANY, ctx.getResource(), 1);
    return new AppSubmission(id, ctx, "alice", "default", h.clock.getTime(),
        h.settings.effectiveMaxAttempts(0), am);
  }
}
