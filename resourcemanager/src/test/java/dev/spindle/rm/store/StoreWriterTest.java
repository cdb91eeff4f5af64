package dev.spindle.rm.store;

import static dev.spindle.rm.store.ZkStateStoreTest.app;
import static dev.spindle.rm.store.ZkStateStoreTest.appIds;
import static dev.spindle.rm.store.ZkStateStoreTest.submission;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.core.StateRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The batching writer against a real ZooKeeper: a flush's future completes only once its
 * records are in ZooKeeper, including across a ZooKeeper outage, and never for a fenced RM.
 */
@Timeout(180)
class StoreWriterTest {

  private final TestingServer zk;
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  StoreWriterTest() throws Exception {
    zk = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
    zk.close();
  }

  private ZkStateStore store() {
    ZkStateStore s = ZkStores.activated(ZkStores.settings(zk, 1 << 20, 100));
    closeLater.add(s);
    return s;
  }

  private List<StateRecord> read() {
    ZkStateStore s = ZkStores.reader(ZkStores.settings(zk, 1 << 20, 100));
    closeLater.add(s);
    return s.load();
  }

  @Test
  void flushesCompleteOnceStoredAndManyGoTogether() throws Exception {
    StoreWriter w = store().writer();
    List<CompletableFuture<Void>> flushes = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      w.persist(new StateRecord.AppAdded(submission(i)));
      w.persist(new StateRecord.AppChanged(app(i), ZkStateStoreTest.finished(i)));
      flushes.add(w.flush());
    }
    CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    // Finished apps beyond the store's window (100) are deleted in the same batches.
    assertEquals(app(101), appIds(read()).get(0));
    assertEquals(100, appIds(read()).size());
    assertEquals(400, w.writtenRecords());
    assertEquals(0, w.queuedRecords());
    assertTrue(w.commits() <= 200, "flushes waiting together are committed together");
    assertTrue(w.flush().isDone(), "nothing persisted since: durable at once");
  }

  @Test
  void aFlushWaitsOutAZooKeeperOutage() throws Exception {
    StoreWriter w = store().writer();
    w.persist(new StateRecord.AppAdded(submission(1)));
    w.flush().get(60, TimeUnit.SECONDS);

    zk.stop();
    w.persist(new StateRecord.AppAdded(submission(2)));
    CompletableFuture<Void> waiting = w.flush();
    // It cannot be durable while ZooKeeper is down, so it must not say so.
    assertThrows(java.util.concurrent.TimeoutException.class,
        () -> waiting.get(2, TimeUnit.SECONDS));
    assertEquals(1, w.queuedRecords());

    zk.restart();
    waiting.get(120, TimeUnit.SECONDS);
    assertEquals(List.of(app(1), app(2)), appIds(read()));
  }

  @Test
  void aFencedWritersBatchesFailAndWriteNothing() throws Exception {
    ZkStateStore old = store();
    StoreWriter w = old.writer();
    store(); // another RM activates the store
    w.persist(new StateRecord.AppAdded(submission(1)));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> w.flush().get(60, TimeUnit.SECONDS));
    assertInstanceOf(StoreFencedException.class, e.getCause());
    assertEquals(List.of(), appIds(read()));
    assertThrows(StoreFencedException.class,
        () -> w.persist(new StateRecord.AppAdded(submission(2))), "and it stays fenced");
  }

  @Test
  void closingFailsWhatCouldNotBeStored() throws Exception {
    ZkStateStore s = store();
    StoreWriter w = s.writer();
    zk.stop();
    w.persist(new StateRecord.AppAdded(submission(1)));
    CompletableFuture<Void> waiting = w.flush();
    s.close();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> waiting.get(60, TimeUnit.SECONDS));
    assertInstanceOf(StoreException.class, e.getCause());
    assertFalse(waiting.isCancelled());
  }
}
