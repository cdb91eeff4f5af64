package dev.spindle.rm.whatif;

import dev.spindle.rm.core.WorkloadRecorder;
import dev.spindle.scheduler.Allocation;
import dev.spindle.scheduler.AppSpec;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.NodeSpec;
import dev.spindle.scheduler.ResourceVector;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the workload into rolling files: the core thread only builds a small event and
 * offers it to a bounded queue (never blocking: when the queue is full the event is dropped
 * and counted, and the trace says how many were lost); one writer thread turns events into
 * JSON lines.
 */
public final class FileWorkloadRecorder implements WorkloadRecorder, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(FileWorkloadRecorder.class);

  private final BlockingQueue<TraceEvent> queue;
  private final RollingTraceWriter writer;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private volatile boolean closing;

  /**
   * Starts the writer thread; events recorded from now on go to files in {@code dir}.
   *
   * @param session this recording's id (ids in the trace are unique only within one)
   */
  public FileWorkloadRecorder(Path dir, long maxFileBytes, int maxFiles, int queueCapacity,
      long session, long now) throws IOException {
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.writer = new RollingTraceWriter(dir, maxFileBytes, maxFiles,
        TraceEvent.start(now, session));
    this.thread = new Thread(this::drain, "workload-recorder");
    thread.setDaemon(true);
    thread.start();
  }

  /** Events dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Events written to the files so far. */
  public long written() {
    return written.get();
  }

  private void offer(TraceEvent event) {
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  // --- the core thread's side -------------------------------------------------------------

  @Override
  public void nodeJoined(long now, NodeSpec node) {
    offer(TraceEvent.node(now, node.nodeId(), node.host(), node.rack(),
        node.capacity().memoryMb(), node.capacity().vcores()));
  }

  @Override
  public void nodeLeft(long now, String nodeId) {
    offer(TraceEvent.nodeLeft(now, nodeId));
  }

  @Override
  public void appSubmitted(long now, AppSpec app, ResourceVector amSize, int amPriority) {
    offer(TraceEvent.app(now, app.appKey(), app.queue(), app.user(), app.priority(),
        app.unmanagedAm(), amSize.memoryMb(), amSize.vcores(), amPriority));
  }

  @Override
  public void appEnded(long now, long appKey, String finalState) {
    offer(TraceEvent.appEnded(now, appKey, finalState));
  }

  @Override
  public void asked(long now, long appKey, Collection<Ask> asks) {
    for (Ask a : asks) {
      offer(TraceEvent.ask(now, appKey, a.priority(), a.allocationRequestId(),
          a.resourceName(), a.capability().memoryMb(), a.capability().vcores(),
          a.numContainers(), a.relaxLocality()));
    }
  }

  @Override
  public void containerStarted(long now, Allocation a, boolean isAm) {
    offer(TraceEvent.run(now, a.allocationId(), a.appKey(), a.priority(),
        a.allocationRequestId(), a.nodeId(), a.resource().memoryMb(), a.resource().vcores(),
        isAm));
  }

  @Override
  public void containerEnded(long now, long allocationId, int exitStatus) {
    offer(TraceEvent.end(now, allocationId, exitStatus));
  }

  // --- the writer thread ------------------------------------------------------------------

  private void drain() {
    long reportedLost = 0;
    try {
      while (!closing || !queue.isEmpty()) {
        TraceEvent event = queue.poll(200, TimeUnit.MILLISECONDS);
        long lost = dropped.get();
        if (lost > reportedLost) {
          writer.write(TraceEvent.lost(lost - reportedLost));
          reportedLost = lost;
        }
        if (event == null) {
          // Idle: what is written is readable now (a replay of a live recording).
          writer.flush();
          continue;
        }
        writer.write(event);
        written.incrementAndGet();
      }
      writer.flush();
    } catch (IOException e) {
      LOG.error("Workload recording stopped: cannot write the trace", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        writer.close();
      } catch (IOException e) {
        LOG.warn("Cannot close the workload trace", e);
      }
    }
  }

  /**
   * Marks the end of the recorded time at {@code now} (idle time up to a stop counts in a
   * replay), then closes.
   */
  public void stop(long now) {
    try {
      queue.put(TraceEvent.stop(now));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Writes what is queued, then stops the writer thread. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
