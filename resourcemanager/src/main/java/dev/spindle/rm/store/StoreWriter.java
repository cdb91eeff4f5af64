package dev.spindle.rm.store;

import dev.spindle.rm.core.RecordSink;
import dev.spindle.rm.core.StateRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's way into the ZooKeeper store without waiting on it (Kafka's controller does the
 * same with its purgatory): records become znode writes on the core thread, each
 * {@link #flush} hands what accumulated to this writer's thread as one batch, and the thread
 * commits every batch waiting at that moment together, in order, as few multi-ops as the size
 * limit allows. Each batch's future completes once it is in ZooKeeper; the event loop answers
 * the operation that wrote it only then, while it keeps serving everything else.
 *
 * <p>When ZooKeeper cannot be reached (after the client's own retries), the store tells its
 * unreachable listener (HA steps down, as the stock RM does) and the writer tries again with
 * backoff, keeping the batches and their replies waiting: nothing is answered that is not
 * stored. A fenced RM's batches fail at once; so does whatever is left when the writer closes.
 */
public final class StoreWriter implements RecordSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
  private static final long MAX_BACKOFF_MS = 5_000;
  /** How long closing waits for queued batches to be written. */
  private static final long DRAIN_MS = 5_000;

  /** The writes of one flush and who waits for them. */
  private record Batch(List<ZkStateStore.Write> writes, int records,
      CompletableFuture<Void> done) {}

  private final ZkStateStore store;
  private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  /** Writes of records persisted since the last flush; only the core thread touches it. */
  private List<ZkStateStore.Write> current = new ArrayList<>();
  private int currentRecords;

  private final AtomicLong queuedRecords = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong writtenRecords = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /** What the metrics want to know of the writes. Called on the writer thread. */
  public interface Observer {
    /** A group of batches was committed in {@code nanos} (retries included). */
    void committed(long nanos);

    /** A batch failed (fenced, stopped, or a write the store refused). */
    void failed();
  }

  private volatile Observer observer = new Observer() {
    @Override
    public void committed(long nanos) {}

    @Override
    public void failed() {}
  };

  /** Tells {@code o} of every commit and failure from now on. */
  public void observe(Observer o) {
    this.observer = o;
  }

  StoreWriter(ZkStateStore store) {
    this.store = store;
    this.thread = new Thread(this::run, "spindle-rm-store-writer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void persist(StateRecord record) {
    current.addAll(store.writesFor(record));
    currentRecords++;
  }

  @Override
  public boolean fits(StateRecord record) {
    return store.fits(record);
  }

  @Override
  public CompletableFuture<Void> flush() {
    if (currentRecords == 0) {
      return DURABLE;
    }
    Batch batch = new Batch(current, currentRecords, new CompletableFuture<>());
    current = new ArrayList<>();
    currentRecords = 0;
    if (closing) {
      batch.done().completeExceptionally(stopped());
      return batch.done();
    }
    queuedRecords.addAndGet(batch.records());
    queue.add(batch);
    return batch.done();
  }

  /** Records handed over and not yet in ZooKeeper. */
  public long queuedRecords() {
    return queuedRecords.get();
  }

  /** Multi-op groups committed so far (each carries one or more batches). */
  public long commits() {
    return commits.get();
  }

  /** Records written so far. */
  public long writtenRecords() {
    return writtenRecords.get();
  }

  /** Batches that failed (fenced, stopped, or a write the store refused). */
  public long failures() {
    return failures.get();
  }

  private void run() {
    while (true) {
      Batch first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        if (closing) {
          break;
        }
        continue;
      }
      List<Batch> group = new ArrayList<>();
      group.add(first);
      queue.drainTo(group);
      write(group);
    }
    failAll(stopped());
  }

  /** Commits a group of batches, retrying while ZooKeeper is away; completes their futures. */
  private void write(List<Batch> group) {
    List<ZkStateStore.Write> writes = new ArrayList<>();
    int records = 0;
    for (Batch b : group) {
      writes.addAll(b.writes());
      records += b.records();
    }
    long backoff = 100;
    long start = System.nanoTime();
    while (true) {
      try {
        store.commitWrites(writes, records + " records");
        observer.committed(System.nanoTime() - start);
        commits.incrementAndGet();
        writtenRecords.addAndGet(records);
        finish(group, null);
        return;
      } catch (StoreFencedException e) {
        finish(group, e);
        return;
      } catch (StoreException e) {
        if (!ZkStateStore.unreachable(e.getCause()) || closing) {
          LOG.error("Could not store {} records", records, e);
          finish(group, e);
          return;
        }
        LOG.warn("ZooKeeper unreachable; {} records wait to be stored (retrying in {} ms)",
            records, backoff, e);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException stop) {
          finish(group, stopped());
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      } catch (RuntimeException e) {
        LOG.error("Could not store {} records", records, e);
        finish(group, new StoreException("State store write failed", e));
        return;
      }
    }
  }

  private void finish(List<Batch> group, RuntimeException failure) {
    for (Batch b : group) {
      queuedRecords.addAndGet(-b.records());
      if (failure == null) {
        b.done().complete(null);
      } else {
        failures.incrementAndGet();
        observer.failed();
        b.done().completeExceptionally(failure);
      }
    }
  }

  private void failAll(RuntimeException failure) {
    List<Batch> left = new ArrayList<>();
    queue.drainTo(left);
    finish(left, failure);
  }

  private static StoreException stopped() {
    return new StoreException("The ResourceManager stopped before the change was stored", null);
  }

  /** Writes what is queued (for a short while), then fails whatever is left. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(DRAIN_MS);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(DRAIN_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(stopped());
  }
}
