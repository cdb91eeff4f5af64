package dev.spindle.nm;

import java.io.File;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the NM is done with (finished apps' dirs, aggregated local logs) on its own
 * thread, after {@code yarn.nodemanager.delete.debug-delay-sec} as the stock DeletionService
 * does: 0 (the default) deletes at once, a negative delay keeps everything for debugging.
 * Also the NM's one housekeeping timer for periodic chores (cache trimming).
 */
public final class DelayedDeleter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DelayedDeleter.class);

  private final long debugDelayMs;
  private final ScheduledThreadPoolExecutor timer;

  public DelayedDeleter(Configuration conf) {
    long sec = conf.getLong(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC,
        0);
    this.debugDelayMs = sec < 0 ? -1 : TimeUnit.SECONDS.toMillis(sec);
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "nm-housekeeping");
      t.setDaemon(true);
      return t;
    });
    // A stop must not wait for deletions scheduled hours ahead.
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /** Deletes the paths after the debug delay. */
  public void delete(List<File> paths) {
    deleteAfter(paths, 0);
  }

  /** Deletes the paths after {@code delayMs} plus the debug delay. */
  public void deleteAfter(List<File> paths, long delayMs) {
    if (debugDelayMs < 0 || paths.isEmpty()) {
      return;
    }
    List<File> copy = List.copyOf(paths);
    try {
      timer.schedule(() -> {
        for (File f : copy) {
          if (f.exists() && !FileUtil.fullyDelete(f)) {
            LOG.warn("Could not delete {}", f);
          }
        }
      }, delayMs + debugDelayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("NM stopping; not deleting {}", copy);
    }
  }

  /** The housekeeping timer, for periodic chores. */
  public ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
