package dev.spindle.rm.queues;

import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.Refusal;
import dev.spindle.rm.core.RmCore;
import dev.spindle.scheduler.ConfigRejection;
import dev.spindle.scheduler.FairScheduler;
import dev.spindle.scheduler.PreemptionDecision;
import dev.spindle.scheduler.Preempting;
import dev.spindle.scheduler.Reconfigurable;
import dev.spindle.scheduler.Scheduler;
import dev.spindle.scheduler.SchedulerConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.util.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RM's side of the queue policies: live reconfiguration (the admin's refreshQueues and
 * the Fair allocation file reloaded when it changes) and the preemption monitor timer.
 */
public final class QueueService {

  private static final Logger LOG = LoggerFactory.getLogger(QueueService.class);

  /** How often the Fair allocation file is checked for changes (stock: every 10 s). */
  public static final String FAIR_RELOAD_INTERVAL_KEY = "spindle.scheduler.fair.reload-interval-ms";
  static final long DEFAULT_FAIR_RELOAD_INTERVAL_MS = 10_000;

  /** Capacity's monitor interval key; Fair preempts on its update interval. */
  static final String CAPACITY_MONITOR_INTERVAL =
      "yarn.resourcemanager.monitor.capacity.preemption.monitoring_interval";
  static final String FAIR_UPDATE_INTERVAL = "yarn.scheduler.fair.update-interval-ms";

  private final Configuration conf;
  private final Scheduler scheduler;
  private final SchedulerConfigSource source;
  private final EventLoop loop;
  private final RmCore core;
  private final Clock clock;
  /** Loop-owned: the allocation file's modification time when last loaded. */
  private long fairFileStamp;
  // Outcomes of the polled allocation-file reloads: a caller can tell "not yet seen" from
  // "seen and refused" (read from any thread).
  private final AtomicLong fairReloadsApplied = new AtomicLong();
  private final AtomicLong fairReloadsRefused = new AtomicLong();

  public QueueService(Configuration conf, Scheduler scheduler, EventLoop loop, RmCore core,
      Clock clock) {
    this.conf = conf;
    this.scheduler = scheduler;
    this.source = SchedulerFiles.of(conf);
    this.loop = loop;
    this.core = core;
    this.clock = clock;
    this.fairFileStamp = fairFileStamp();
  }

  /** Starts the timers; call once, after the loop runs. */
  public void start() {
    if (scheduler instanceof Preempting) {
      boolean fair = scheduler instanceof FairScheduler;
      long period = fair ? conf.getLong(FAIR_UPDATE_INTERVAL, 500)
          : conf.getLong(CAPACITY_MONITOR_INTERVAL, 3000);
      // The policy answers NONE while its preemption switch is off, so a refresh that turns
      // it on needs no new timer.
      loop.every(Math.max(10, period), this::preemptionRound);
    }
    if (scheduler instanceof FairScheduler && scheduler instanceof Reconfigurable) {
      long period = conf.getLong(FAIR_RELOAD_INTERVAL_KEY, DEFAULT_FAIR_RELOAD_INTERVAL_MS);
      loop.every(Math.max(10, period), this::reloadFairFileIfChanged);
    }
  }

  /**
   * Validates and applies the policy's files as they are now (call on the loop).
   *
   * @throws Refusal naming file, queue and problem when refused; the running configuration
   *     then stays
   */
  public void refreshQueues() throws Refusal {
    if (!(scheduler instanceof Reconfigurable r)) {
      return;
    }
    Optional<ConfigRejection> refused = r.reconfigure(source);
    if (refused.isPresent()) {
      throw new Refusal(Refusal.Kind.REFUSED, "Refusing the new queue configuration: "
          + refused.get().message());
    }
    fairFileStamp = fairFileStamp();
    LOG.info("Queue configuration of the {} policy refreshed", scheduler.name());
  }

  private void preemptionRound() {
    PreemptionDecision decision = ((Preempting) scheduler).preemptionRound(clock.getTime());
    if (!decision.isEmpty()) {
      LOG.info("Preemption round: warn {}, kill {}, withdrawn {}", decision.warn().size(),
          decision.kill().size(), decision.withdrawn().size());
      core.preempt(decision);
    }
  }

  private void reloadFairFileIfChanged() {
    long stamp = fairFileStamp();
    if (stamp == fairFileStamp) {
      return;
    }
    fairFileStamp = stamp;
    Optional<ConfigRejection> refused = ((Reconfigurable) scheduler).reconfigure(source);
    if (refused.isPresent()) {
      LOG.warn("Not applying the changed allocation file: {}", refused.get().message());
      fairReloadsRefused.incrementAndGet();
    } else {
      LOG.info("Reloaded the Fair allocation file");
      fairReloadsApplied.incrementAndGet();
    }
  }

  /** How many changed Fair allocation files the poller has applied so far. */
  public long fairReloadsApplied() {
    return fairReloadsApplied.get();
  }

  /** How many changed Fair allocation files the poller has refused (the old one stayed). */
  public long fairReloadsRefused() {
    return fairReloadsRefused.get();
  }

  private long fairFileStamp() {
    Optional<Path> file = SchedulerFiles.pathOf(conf, SchedulerFiles.fairFileName(conf));
    if (file.isEmpty()) {
      return 0;
    }
    try {
      // Modification time and size both, so an edit that keeps one of them is still seen.
      return Files.getLastModifiedTime(file.get()).toMillis() * 31 + Files.size(file.get());
    } catch (IOException e) {
      return 0;
    }
  }
}
