package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.rm.store.StoreSettings;
import dev.spindle.rm.store.ZkStateStore;
import dev.spindle.rm.store.ZkStores;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long a restarted RM takes from "store activated" to "every application recovered", for
 * a store holding N finished applications (one attempt each) and N/10 running ones. Prints a
 * FIGURE line; asserts only what was recovered (targets live in the README, not in tests).
 * The 10,000-application case runs with -Dspindle.heavy=true.
 */
class RecoveryTimeTest {

  @Test
  void recoversAThousandApplications() throws Exception {
    measure(1_000);
  }

  @Test
  @EnabledIfSystemProperty(named = "spindle.heavy", matches = "true")
  void recoversTenThousandApplications() throws Exception {
    measure(10_000);
  }

  private static void measure(int finished) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      StoreSettings settings = ZkStores.settings(zk, 1 << 20, finished);
      int running = finished / 10;
      try (ZkStateStore writer = ZkStores.activated(settings)) {
        for (int i = 1; i <= finished + running; i++) {
          store(writer, i, i <= finished);
        }
      }
      long start = System.nanoTime();
      try (ZkStateStore store = ZkStores.activated(settings)) {
        List<StateRecord> records = store.load();
        long loaded = System.nanoTime();
        YarnConfiguration conf = new YarnConfiguration();
        conf.setInt(YarnConfiguration.RM_MAX_COMPLETED_APPLICATIONS, finished);
        CoreHarness h = new CoreHarness(conf, store);
        h.core.recover(records, store.epoch());
        long recovered = System.nanoTime();
        assertEquals(finished + running, h.core.state().apps.size());
        System.out.printf("FIGURE recovery of %d apps (%d running): load %d ms, recover %d ms,"
            + " total %d ms%n", finished + running, running, (loaded - start) / 1_000_000,
            (recovered - loaded) / 1_000_000, (recovered - start) / 1_000_000);
      }
    }
  }

  /** One application as a finished (or running) app leaves it in the store. */
  private static void store(ZkStateStore store, int seq, boolean done) {
    ApplicationId id = ApplicationId.newInstance(1, seq);
    ApplicationSubmissionContext ctx = Records.newRecord(ApplicationSubmissionContext.class);
    ctx.setApplicationId(id);
    ctx.setApplicationName("app-" + seq);
    ctx.setQueue("default");
    ctx.setPriority(Priority.newInstance(0));
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(),
        Map.of("CLASSPATH", "x".repeat(2000)), List.of("java -Xmx512m Am 1>out 2>err"),
        null, null, null));
    store.persist(new StateRecord.AppAdded(new AppSubmission(id, ctx, "alice", "default",
        seq, 2, ResourceRequest.newInstance(Priority.newInstance(0), ResourceRequest.ANY,
            ctx.getResource(), 1))));
    ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(id, 1);
    AttemptFacts running = new AttemptFacts(AttemptState.RUNNING,
        ContainerId.newContainerId(attempt, 1), "host", 1, "url",
        FinalApplicationStatus.UNDEFINED, "", seq, 0, ContainerExitStatus.INVALID);
    store.persist(new StateRecord.AttemptAdded(attempt, running));
    if (done) {
      store.persist(new StateRecord.AttemptChanged(attempt, running.ended(
          AttemptState.FINISHED, "", seq + 10, 0)));
      store.persist(new StateRecord.AppChanged(id, new AppFacts(AppState.FINISHED,
          FinalApplicationStatus.SUCCEEDED, "", seq + 10, false)));
    } else {
      store.persist(new StateRecord.AppChanged(id, AppFacts.submitted()
          .withState(AppState.RUNNING)));
    }
  }
}
