package dev.spindle.rm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.core.AppFacts;
import dev.spindle.rm.core.AppState;
import dev.spindle.rm.core.AppSubmission;
import dev.spindle.rm.core.AttemptFacts;
import dev.spindle.rm.core.Usage;
import dev.spindle.rm.core.AttemptState;
import dev.spindle.rm.core.StateRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store's own guarantees, against a real ZooKeeper server. */
class ZkStateStoreTest {

  private final TestingServer zk;
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  ZkStateStoreTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
    zk.close();
  }

  private List<StateRecord> read() {
    ZkStateStore s = ZkStores.reader(ZkStores.settings(zk, 1 << 20, 10));
    closeLater.add(s);
    return s.load();
  }

  private ZkStateStore store(int maxCompleted) {
    ZkStateStore s = ZkStores.activated(ZkStores.settings(zk, 1 << 20, maxCompleted));
    closeLater.add(s);
    return s;
  }

  @Test
  void everyActivationMovesTheEpochOn() {
    assertEquals(1, store(10).epoch());
    assertEquals(2, store(10).epoch());
    ZkStateStore third = store(10);
    assertEquals(3, third.epoch());
    assertEquals(4, third.activate(), "re-activating (this RM elected again) moves it too");
  }

  @Test
  void aDeposedRmCannotWriteAnyMore() {
    ZkStateStore old = store(10);
    old.persist(new StateRecord.AppAdded(submission(1)));
    ZkStateStore current = store(10);
    assertThrows(StoreFencedException.class,
        () -> old.persist(new StateRecord.AppAdded(submission(2))));
    assertThrows(StoreFencedException.class,
        () -> old.persist(new StateRecord.AppAdded(submission(3))), "and it stays fenced");
    current.persist(new StateRecord.AppAdded(submission(4)));
    assertEquals(List.of(app(1), app(4)), appIds(read()));
  }

  @Test
  void finishedApplicationsBeyondTheLimitArePrunedOldestFirst() {
    ZkStateStore s = store(2);
    for (int i = 1; i <= 4; i++) {
      s.persist(new StateRecord.AppAdded(submission(i)));
      s.persist(new StateRecord.AttemptAdded(attempt(i), attemptFacts()));
    }
    for (int i = 1; i <= 3; i++) {
      s.persist(new StateRecord.AppChanged(app(i), finished(i)));
    }
    assertEquals(List.of(app(2), app(3), app(4)), appIds(read()),
        "two finished apps are kept, the running one always");
    s.persist(new StateRecord.AppEvicted(app(2)));
    assertEquals(List.of(app(3), app(4)), appIds(read()));
  }

  @Test
  void aZooKeeperRestartAndASessionExpiryLoseNothing() throws Exception {
    ZkStateStore s = store(10);
    s.persist(new StateRecord.AppAdded(submission(1)));
    zk.restart();
    s.persist(new StateRecord.AppAdded(submission(2)));
    s.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    s.persist(new StateRecord.AppAdded(submission(3)));
    assertEquals(List.of(app(1), app(2), app(3)), appIds(read()));
  }

  /**
   * A write that cannot reach ZooKeeper through its retries fails and tells the listener (an HA
   * RM steps down on it); once ZooKeeper is back, writes go through again and nothing told it
   * more than once.
   */
  @Test
  void aWriteThatCannotReachZooKeeperFailsAndTellsTheListener() throws Exception {
    StoreSettings quick = new StoreSettings(zk.getConnectString(), "/rmstore", 1000, 1, 50,
        1 << 20, 10, 64 * 1024);
    ZkStateStore s = ZkStores.activated(quick);
    closeLater.add(s);
    AtomicInteger unreachable = new AtomicInteger();
    s.onUnreachable(unreachable::incrementAndGet);
    s.persist(new StateRecord.AppAdded(submission(1)));
    assertEquals(0, unreachable.get());

    zk.stop();
    assertThrows(StoreException.class,
        () -> s.persist(new StateRecord.AppAdded(submission(2))));
    assertEquals(1, unreachable.get());

    zk.restart();
    s.persist(new StateRecord.AppAdded(submission(3)));
    assertEquals(1, unreachable.get());
    assertEquals(List.of(app(1), app(3)), appIds(read()));
  }

  @Test
  void diagnosticsAreCappedNotTheStore() {
    ZkStateStore s = ZkStores.activated(ZkStores.settings(zk, 16 * 1024, 10));
    closeLater.add(s);
    s.persist(new StateRecord.AppAdded(submission(1)));
    String huge = "why ".repeat(20_000);
    s.persist(new StateRecord.AttemptAdded(attempt(1), attemptFacts()));
    s.persist(new StateRecord.AttemptChanged(attempt(1), new AttemptFacts(AttemptState.FAILED,
        null, huge, 1, huge, FinalApplicationStatus.UNDEFINED, huge, 1, 2, 1)));
    s.persist(new StateRecord.AppChanged(app(1), new AppFacts(AppState.FAILED,
        FinalApplicationStatus.FAILED, huge, 2, false)));
    List<StateRecord> loaded = read();
    AppFacts facts = ((StateRecord.AppChanged) loaded.get(loaded.size() - 1)).facts();
    assertTrue(facts.diagnostics().startsWith("why why"));
    assertTrue(facts.diagnostics().endsWith("(diagnostics truncated)"));
    assertTrue(facts.diagnostics().length() <= 4 * 1024, "a quarter of the znode limit");
    assertFalse(s.fits(new StateRecord.AppAdded(bigSubmission(5, 20 * 1024))));
    assertTrue(s.fits(new StateRecord.AppAdded(bigSubmission(5, 1024))));
  }

  @Test
  void anEndedAttemptsUsageIsStoredWithIt() {
    ZkStateStore s = store(10);
    s.persist(new StateRecord.AppAdded(submission(1)));
    s.persist(new StateRecord.AttemptAdded(attempt(1), attemptFacts()));
    Usage usage = new Usage(java.util.Map.of("memory-mb", 2_048_000L, "vcores", 1_000L,
        "yarn.io/gpu", 3_000L), java.util.Map.of("memory-mb", 1_024_000L), 1024, 1, 0, 1);
    AttemptFacts ended = new AttemptFacts(AttemptState.FINISHED, null, "h", 1, "",
        FinalApplicationStatus.SUCCEEDED, "", 1, 2, 0, usage);
    s.persist(new StateRecord.AttemptChanged(attempt(1), ended));
    List<StateRecord> loaded = read();
    AttemptFacts back = loaded.stream().filter(r -> r instanceof StateRecord.AttemptChanged)
        .map(r -> ((StateRecord.AttemptChanged) r).facts()).findFirst()
        .orElseGet(() -> loaded.stream().filter(r -> r instanceof StateRecord.AttemptAdded)
            .map(r -> ((StateRecord.AttemptAdded) r).facts()).findFirst().orElseThrow());
    assertEquals(usage, back.usage());
  }

  static List<ApplicationId> appIds(List<StateRecord> records) {
    List<ApplicationId> ids = new ArrayList<>();
    for (StateRecord r : records) {
      if (r instanceof StateRecord.AppAdded a) {
        ids.add(a.submission().appId());
      }
    }
    return ids;
  }

  static ApplicationId app(int seq) {
    return ApplicationId.newInstance(1000, seq);
  }

  static ApplicationAttemptId attempt(int seq) {
    return ApplicationAttemptId.newInstance(app(seq), 1);
  }

  static AttemptFacts attemptFacts() {
    return new AttemptFacts(AttemptState.SCHEDULED, null, "N/A", -1, "",
        FinalApplicationStatus.UNDEFINED, "", 5, 0, ContainerExitStatus.INVALID);
  }

  static AppFacts finished(long finishTime) {
    return new AppFacts(AppState.FINISHED, FinalApplicationStatus.SUCCEEDED, "", finishTime,
        false);
  }

  static AppSubmission submission(int seq) {
    return bigSubmission(seq, 0);
  }

  static AppSubmission bigSubmission(int seq, int envBytes) {
    ApplicationSubmissionContext ctx = Records.newRecord(ApplicationSubmissionContext.class);
    ctx.setApplicationId(app(seq));
    ctx.setApplicationName("app" + seq);
    ctx.setQueue("default");
    ctx.setPriority(Priority.newInstance(0));
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(),
        Map.of("PAYLOAD", "p".repeat(envBytes)), List.of("true"), null, null, null));
    return new AppSubmission(app(seq), ctx, "alice", "default", 1, 2,
        ResourceRequest.newInstance(Priority.newInstance(0), ResourceRequest.ANY,
            ctx.getResource(), 1));
  }
}
