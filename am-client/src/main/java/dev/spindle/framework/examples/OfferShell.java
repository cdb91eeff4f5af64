package dev.spindle.framework.examples;

import dev.spindle.framework.Filters;
import dev.spindle.framework.FrameworkDriver;
import dev.spindle.framework.FrameworkInfo;
import dev.spindle.framework.FrameworkScheduler;
import dev.spindle.framework.Launch;
import dev.spindle.framework.Offer;
import dev.spindle.framework.OfferDriver;
import dev.spindle.framework.OfferId;
import dev.spindle.framework.Registration;
import dev.spindle.framework.RescindReason;
import dev.spindle.framework.ResourceVector;
import dev.spindle.framework.TaskStatus;
import dev.spindle.framework.UnmanagedFramework;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The offer-mode counterpart of DistributedShell: runs {@code n} copies of a shell command,
 * each in a container of the given size, launched out of the offers the RM makes; prints
 * each task's exit status as it ends. Its own AM is the calling process (unmanaged). It
 * launches as many tasks as an offer holds, and once every task is placed it suppresses
 * offers, so it holds nothing it does not use.
 *
 * <p>With preferred nodes ({@link #preferring}) it is also the locality-aware example: it does
 * delay scheduling (Zaharia et al., as in the Mesos paper) by declining offers of other nodes
 * until it has waited {@code wait} without a preferred offer, then takes any node.
 */
public final class OfferShell implements FrameworkScheduler {

  private final int tasks;
  private final ResourceVector size;
  private final String command;
  private final PrintStream out;
  private final AtomicInteger placed = new AtomicInteger();
  private final Map<String, Integer> exitByTag = new ConcurrentHashMap<>();
  private final CountDownLatch done;
  private volatile String fatal;
  private Set<String> preferred = Set.of();
  private long waitMs;
  /** When the framework began passing over other nodes' offers, or -1. */
  private long passingSince = -1;
  private final AtomicInteger local = new AtomicInteger();

  public OfferShell(int tasks, long memoryMb, long vcores, String command, PrintStream out) {
    if (tasks < 1) {
      throw new IllegalArgumentException("at least one task");
    }
    this.tasks = tasks;
    this.size = ResourceVector.of(memoryMb, vcores);
    this.command = command;
    this.out = out;
    this.done = new CountDownLatch(tasks);
  }

  /**
   * Prefers nodes named by host or node id (where the tasks' data is): offers of other nodes
   * are declined until {@code wait} has passed without a preferred one.
   */
  public OfferShell preferring(Collection<String> nodes, Duration wait) {
    this.preferred = Set.copyOf(nodes);
    this.waitMs = wait.toMillis();
    return this;
  }

  /** How many tasks were placed on preferred nodes so far. */
  public int localTasks() {
    return local.get();
  }

  /**
   * Submits the framework, runs the tasks and waits for them all; returns how many exited
   * with a status other than 0 (a task that could not start counts as failed).
   */
  public int run(Configuration conf, String queue, Duration timeout) throws Exception {
    try (UnmanagedFramework app = UnmanagedFramework.submit(conf, "offer-shell", queue,
        Duration.ofSeconds(120))) {
      out.println("offer-shell: framework " + app.appId() + " submitted");
      OfferDriver driver = app.driver(this, FrameworkInfo.named("offer-shell",
          java.net.InetAddress.getLocalHost().getHostName()), conf);
      driver.start();
      boolean finished = done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      int failed = (int) exitByTag.values().stream().filter(s -> s != 0).count();
      if (!finished || fatal != null) {
        failed += tasks - exitByTag.size();
        out.println("offer-shell: " + (fatal != null ? fatal : "gave up after " + timeout
            + " with " + (tasks - exitByTag.size()) + " tasks not finished"));
      }
      FinalApplicationStatus status = failed == 0 ? FinalApplicationStatus.SUCCEEDED
          : FinalApplicationStatus.FAILED;
      driver.stop(status, failed + " of " + tasks + " tasks failed");
      driver.awaitTermination(Duration.ofSeconds(30));
      out.println("offer-shell: " + (tasks - failed) + " of " + tasks + " tasks succeeded");
      if (!preferred.isEmpty()) {
        out.println("offer-shell: locality: " + local.get() + " of " + placed.get()
            + " tasks placed on preferred nodes");
      }
      return failed;
    }
  }

  @Override
  public void registered(FrameworkDriver driver, Registration registration) {
    out.println("offer-shell: registered in queue " + registration.queue());
  }

  @Override
  public void resourceOffers(FrameworkDriver driver, List<Offer> offers) {
    for (Offer offer : offers) {
      boolean isPreferred = preferred.isEmpty() || preferred.contains(offer.host())
          || preferred.contains(offer.nodeId().toString());
      List<Launch> launches = placed.get() >= tasks || !mayUse(isPreferred) ? List.of()
          : launches(offer);
      try {
        if (launches.isEmpty()) {
          // Passed over for locality: ask again soon; nothing left to run: the default.
          driver.decline(offer.id(), placed.get() >= tasks ? Filters.DEFAULT
              : Filters.refuseSeconds(Math.min(1.0, waitMs / 1000.0)));
          continue;
        }
        List<Container> started = driver.accept(List.of(offer.id()), launches,
            Filters.DEFAULT);
        placed.addAndGet(started.size());
        if (isPreferred && !preferred.isEmpty()) {
          local.addAndGet(started.size());
          passingSince = -1;
        }
        for (int i = 0; i < started.size(); i++) {
          out.println("offer-shell: " + launches.get(i).tag() + " -> " + started.get(i).getId()
              + " on " + started.get(i).getNodeId()
              + (preferred.isEmpty() ? "" : isPreferred ? " (preferred)" : " (not preferred)"));
        }
        if (placed.get() >= tasks) {
          driver.suppress();
        }
      } catch (IOException e) {
        out.println("offer-shell: offer " + offer.id().value() + " not used: " + e.getMessage());
      }
    }
  }

  /** Delay scheduling: another node's offer is used only after waiting long enough. */
  private boolean mayUse(boolean isPreferred) {
    if (isPreferred) {
      return true;
    }
    long now = System.currentTimeMillis();
    if (passingSince < 0) {
      passingSince = now;
    }
    return now - passingSince >= waitMs;
  }

  /** As many of the tasks still to place as the offer holds. */
  private List<Launch> launches(Offer offer) {
    List<Launch> launches = new ArrayList<>();
    ResourceVector left = offer.resources();
    while (placed.get() + launches.size() < tasks && size.fitsIn(left)) {
      launches.add(new Launch(size, "task-" + (placed.get() + launches.size()), context()));
      left = left.minus(size);
    }
    return launches;
  }

  private ContainerLaunchContext context() {
    String line = command + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout 2>"
        + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    return ContainerLaunchContext.newInstance(null, null, List.of(line), null, null, null);
  }

  @Override
  public void offerRescinded(FrameworkDriver driver, OfferId offerId, RescindReason reason) {
    // Nothing was launched on it: the next offer will do.
  }

  @Override
  public void statusUpdate(FrameworkDriver driver, TaskStatus status) {
    if (status.state() == TaskStatus.State.RUNNING) {
      return;
    }
    int exit = status.state() == TaskStatus.State.LAUNCH_FAILED ? -1 : status.exitStatus();
    if (exitByTag.putIfAbsent(status.tag(), exit) == null) {
      out.println("offer-shell: " + status.tag() + " (" + status.containerId() + ") "
          + (status.state() == TaskStatus.State.LAUNCH_FAILED ? "could not start: "
              + status.diagnostics() : "exited with status " + exit));
      done.countDown();
    }
  }

  @Override
  public void error(FrameworkDriver driver, String message) {
    fatal = message;
    while (done.getCount() > 0) {
      done.countDown();
    }
  }
}
