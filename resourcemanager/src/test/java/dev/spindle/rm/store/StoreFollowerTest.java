package dev.spindle.rm.store;

import static dev.spindle.rm.store.ZkStateStoreTest.app;
import static dev.spindle.rm.store.ZkStateStoreTest.attemptFacts;
import static dev.spindle.rm.store.ZkStateStoreTest.bigSubmission;
import static dev.spindle.rm.store.ZkStateStoreTest.finished;
import static dev.spindle.rm.store.ZkStateStoreTest.submission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.core.AppFacts;
import dev.spindle.rm.core.AppState;
import dev.spindle.rm.core.AttemptFacts;
import dev.spindle.rm.core.AttemptState;
import dev.spindle.rm.core.StateRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standby's copy of the store against a real ZooKeeper server: it sees what an active
 * store writes, and what a new active takes from it is exactly what a cold read gives.
 */
class StoreFollowerTest {

  private static final long WAIT_MS = 60_000;

  private final TestingServer zk;
  private final StoreSettings settings;
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  StoreFollowerTest() throws Exception {
    zk = new TestingServer(true);
    settings = ZkStores.settings(zk, 1 << 20, 1000);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
    zk.close();
  }

  private ZkStateStore active() {
    ZkStateStore s = ZkStores.activated(settings);
    closeLater.add(s);
    return s;
  }

  private StoreFollower follower() throws Exception {
    StoreFollower f = new StoreFollower(settings).start();
    closeLater.add(f);
    await(f::current, "the follower read the store");
    return f;
  }

  /** What a cold read of the store gives, through a store that does not fence anyone. */
  private List<StateRecord> coldRead() {
    ZkStateStore reader = ZkStores.reader(settings);
    closeLater.add(reader);
    return reader.load();
  }

  /** The records the follower's caught-up copy makes, as a new active would take them. */
  private List<StateRecord> followed(StoreFollower f) {
    ZkStateStore reader = ZkStores.reader(settings);
    closeLater.add(reader);
    return reader.adopt(f.catchUp().orElseThrow(() -> new AssertionError("copy not current")));
  }

  @Test
  void seesAddsChangesAndEvictionsMadeByTheActive() throws Exception {
    ZkStateStore active = active();
    active.persist(new StateRecord.AppAdded(submission(1)));
    StoreFollower f = follower();
    assertEquals(1, f.size(), "the full read found the stored application");

    active.persist(new StateRecord.AttemptAdded(attempt(1, 1), attemptFacts()));
    active.persist(new StateRecord.AppAdded(submission(2)));
    active.persist(new StateRecord.AppAdded(submission(3)));
    active.persist(new StateRecord.AttemptChanged(attempt(1, 1), running()));
    active.persist(new StateRecord.AppChanged(app(2), finished(7)));
    active.persist(new StateRecord.AppUpdated(bigSubmission(3, 100), accepted()));
    active.persist(new StateRecord.AppEvicted(app(2)));

    List<StateRecord> records = followed(f);
    assertEquals(coldRead(), records);
    assertEquals(List.of(
        new StateRecord.AppAdded(submission(1)),
        new StateRecord.AttemptAdded(attempt(1, 1), running()),
        new StateRecord.AppAdded(bigSubmission(3, 100)),
        new StateRecord.AppChanged(app(3), accepted())), records,
        "the attempt's change, the new submission and the eviction were followed");
    assertEquals(2, f.size());
  }

  /**
   * A mixed history, half of it before the standby started (read in full) and half while it
   * followed; then another RM activates and takes the store from the copy: the records are
   * those of a cold read, in the same order.
   */
  @Test
  void aStandbyThatFollowedRecoversExactlyWhatAColdReadGives() throws Exception {
    ZkStateStore old = active();
    history(old, 1, 60);
    StoreFollower f = follower();
    history(old, 61, 120);

    ZkStateStore next = active();
    List<StateRecord> fromCopy = next.load(f);
    assertEquals(coldRead(), fromCopy);
    assertEquals(followed(f), fromCopy, "the copy was used, not a fallback read");
    assertTrue(fromCopy.size() > 200, "a real history: " + fromCopy.size());
  }

  /**
   * The old active writes as fast as it can until the new one's activation fences it; whatever
   * it managed to write before that is in what the new active takes from the copy. Repeated,
   * so the last write lands at different points of the follower's progress.
   */
  @Test
  void aWriteLandedJustBeforeActivationIsNotMissed() throws Exception {
    StoreFollower f = null;
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      int next = 1;
      for (int round = 0; round < 10; round++) {
        ZkStateStore old = active();
        if (f == null) {
          f = follower();
        }
        AtomicInteger written = new AtomicInteger();
        int first = next;
        Future<?> writes = writer.submit(() -> {
          try {
            for (int i = first; ; i++) {
              old.persist(new StateRecord.AppAdded(submission(i)));
              old.persist(new StateRecord.AppChanged(app(i), finished(i)));
              written.incrementAndGet();
            }
          } catch (StoreFencedException fenced) {
            return; // the new active took over
          }
        });
        await(() -> written.get() >= 3, "the old active wrote");
        ZkStateStore taking = active();
        List<StateRecord> fromCopy = taking.load(f);
        writes.get();
        assertEquals(coldRead(), fromCopy, "round " + round);
        assertTrue(f.catchUp().isPresent(), "the copy was current in round " + round);
        next = first + written.get() + 1;
        closeLater.remove(old);
        old.close();
      }
    } finally {
      writer.shutdownNow();
    }
  }

  /**
   * Changes made while the follower's session is gone are not notified: it says its copy is
   * stale, reads the store again, and is exact once more.
   */
  @Test
  void aLostSessionIsReadAgainNotTrusted() throws Exception {
    ZkStateStore active = active();
    history(active, 1, 10);
    StoreFollower f = follower();
    f.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    history(active, 11, 20);
    active.persist(new StateRecord.AppEvicted(app(4)));
    // Until it has read the store again the copy refuses to vouch (activation reads cold).
    await(() -> f.catchUp().isPresent(), "the follower read the store again");
    assertEquals(coldRead(), followed(f));

    zk.restart();
    history(active, 21, 30);
    await(() -> f.catchUp().isPresent(), "the follower read the store again after a restart");
    assertEquals(coldRead(), followed(f));
  }

  /**
   * An RM elected while its follower is still reading the store waits for that read instead
   * of reading everything a second time, and gets what a cold read gives.
   */
  @Test
  void anActivationDuringTheFullReadWaitsForIt() throws Exception {
    ZkStateStore old = active();
    history(old, 1, 150);
    StoreFollower f = new StoreFollower(settings).start();
    closeLater.add(f);
    ZkStateStore next = active();
    List<StateRecord> records = next.load(f);
    assertTrue(f.current(), "the follower's read was waited for");
    assertEquals(coldRead(), records);
  }

  @Test
  void anEmptyOrMissingStoreIsFollowedFromTheStart() throws Exception {
    StoreFollower f = follower();
    assertEquals(0, f.size());
    ZkStateStore active = active();
    history(active, 1, 5);
    assertEquals(coldRead(), followed(f));
    assertFalse(followed(f).isEmpty());
  }

  /**
   * Applications {@code from..to}: each submitted with an attempt; every third finished, every
   * fifth on a second attempt, every seventh moved to another queue, and two of the finished
   * ones evicted.
   */
  private static void history(ZkStateStore s, int from, int to) {
    for (int i = from; i <= to; i++) {
      s.persist(new StateRecord.AppAdded(submission(i)));
      s.persist(new StateRecord.AppChanged(app(i), accepted()));
      s.persist(new StateRecord.AttemptAdded(attempt(i, 1), attemptFacts()));
      if (i % 5 == 0) {
        s.persist(new StateRecord.AttemptChanged(attempt(i, 1), failed()));
        s.persist(new StateRecord.AttemptAdded(attempt(i, 2), attemptFacts()));
        s.persist(new StateRecord.AttemptChanged(attempt(i, 2), running()));
      }
      if (i % 7 == 0) {
        s.persist(new StateRecord.AppUpdated(bigSubmission(i, 50), accepted()));
      }
      if (i % 3 == 0) {
        s.persist(new StateRecord.AppChanged(app(i), finished(100_000 - i)));
      }
    }
    s.persist(new StateRecord.AppEvicted(app(from + 2)));
    s.persist(new StateRecord.AppEvicted(app(from + 5)));
  }

  private static ApplicationAttemptId attempt(int app, int seq) {
    return ApplicationAttemptId.newInstance(app(app), seq);
  }

  private static AppFacts accepted() {
    return new AppFacts(AppState.ACCEPTED, FinalApplicationStatus.UNDEFINED, "", 0, false);
  }

  private static AttemptFacts running() {
    return new AttemptFacts(AttemptState.RUNNING, null, "host1", 1234, "http://host1:8088",
        FinalApplicationStatus.UNDEFINED, "", 5, 0, ContainerExitStatus.INVALID);
  }

  private static AttemptFacts failed() {
    return new AttemptFacts(AttemptState.FAILED, null, "host1", 1234, "",
        FinalApplicationStatus.FAILED, "AM exited", 5, 9, 1);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(10);
    }
  }
}
