package dev.spindle.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads any ResourceManager over the wire, knowing only its client configuration: simulated
 * NodeManagers heartbeat on {@code ResourceTracker} while unmanaged ApplicationMasters ask for,
 * receive and complete containers on {@code ApplicationMasterProtocol}, all in this JVM. Every
 * thread is stopped and every proxy closed before {@link #run} returns, and nothing outlives
 * the scenario's timeout by more than the time it takes to close.
 */
public final class LoadGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

  private final Configuration conf;
  private final LoadScenario scenario;
  /** The apps are offer-mode frameworks instead of request-based AMs. */
  private boolean offers;

  public LoadGenerator(Configuration clientConf, LoadScenario scenario) {
    this.conf = forLoad(clientConf, scenario);
    this.scenario = scenario;
  }

  /**
   * Runs the apps as offer-mode frameworks (Spindle's offer protocol): each takes its
   * containers out of the offers it is made instead of asking for them.
   */
  public LoadGenerator withOffers() {
    this.offers = true;
    return this;
  }

  /**
   * The client configuration with what keeps a run bounded: an RM that cannot be reached fails
   * the run within the timeout instead of being retried for the stock 15 minutes, and submitted
   * apps are polled every 10 ms (client-side only, the same for every RM) instead of 200 ms.
   */
  static Configuration forLoad(Configuration clientConf, LoadScenario scenario) {
    YarnConfiguration conf = new YarnConfiguration(clientConf);
    long wait = Math.min(scenario.timeoutMs(), 60_000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, wait);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS,
        Math.min(1000, wait));
    conf.setLong(YarnConfiguration.YARN_CLIENT_APP_SUBMISSION_POLL_INTERVAL_MS, 10);
    conf.setLong(YarnConfiguration.YARN_CLIENT_APPLICATION_CLIENT_PROTOCOL_POLL_INTERVAL_MS, 10);
    return conf;
  }

  /**
   * Runs the scenario: containers when it has apps, else {@code idleMs} of heartbeats only.
   *
   * @param rmPid the RM's process id on this machine, to read its CPU and peak RSS
   */
  public LoadResult run(OptionalLong rmPid) throws Exception {
    Tally tally = new Tally();
    Measured window = new Measured(rmPid, tally);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(scenario.timeoutMs());
    try (NodeFleet fleet = new NodeFleet(conf, scenario, tally)) {
      if (!fleet.registerAll(deadline)) {
        tally.fail("not every simulated node registered");
      } else {
        fleet.startHeartbeats();
        if (scenario.apps() == 0) {
          idle(window, deadline);
        } else {
          runApps(fleet, tally, window, deadline);
        }
      }
    }
    window.closeIfOpen();
    return window.result(scenario.apps() == 0 ? "idle" : offers ? "offers" : "containers",
        scenario,
        scenario.requestedContainers(), 0, 0, 0);
  }

  /**
   * A storm of {@code apps} submissions from {@code threads} client threads, each app killed as
   * soon as it is ACCEPTED when {@code kill}. The apps are managed (a trivial AM container), so
   * the RM's AM launcher is exercised against the simulated nodes, which listen nowhere.
   */
  public LoadResult storm(int apps, int threads, boolean kill) throws Exception {
    return storm(apps, threads, kill, OptionalLong.empty());
  }

  /** {@link #storm(int, int, boolean)} with the RM's process id for its CPU and peak RSS. */
  public LoadResult storm(int apps, int threads, boolean kill, OptionalLong rmPid)
      throws Exception {
    return new SubmissionStorm(conf, scenario, apps, threads, kill).run(rmPid);
  }

  /**
   * One interval first, so that every node has started heartbeating and the registrations are
   * behind: the window measures the steady idle cost.
   */
  private void idle(Measured window, long deadline) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(deadline - System.nanoTime(),
        TimeUnit.MILLISECONDS.toNanos(scenario.nmHeartbeatMs()))));
    window.open();
    long end = Math.min(deadline,
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(scenario.idleMs()));
    TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
    window.close();
  }

  private void runApps(NodeFleet fleet, Tally tally, Measured window, long deadline)
      throws Exception {
    List<SimulatedApp> ams = new ArrayList<>();
    for (int i = 0; i < scenario.apps(); i++) {
      ams.add(offers ? new FakeFramework(i, scenario, fleet, tally)
          : new FakeAm(i, scenario, fleet, tally));
    }
    YarnClient yarn = YarnClient.createYarnClient();
    ScheduledExecutorService beats = Executors.newScheduledThreadPool(
        Math.max(2, Math.min(32, scenario.apps())), NodeFleet.daemonThreads("loadgen-am"));
    try {
      yarn.init(conf);
      yarn.start();
      if (!startAll(ams, yarn, tally, deadline)) {
        return;
      }
      window.open();
      long intervalMicros = scenario.amHeartbeatMs() * 1000;
      for (int i = 0; i < ams.size(); i++) {
        SimulatedApp am = ams.get(i);
        beats.scheduleWithFixedDelay(am::beat, intervalMicros * i / ams.size(), intervalMicros,
            TimeUnit.MICROSECONDS);
      }
      while (!ams.stream().allMatch(SimulatedApp::isDone) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      window.close();
      if (!ams.stream().allMatch(SimulatedApp::isDone)) {
        tally.fail("timed out after " + scenario.timeoutMs() + " ms with "
            + tally.completed.get() + " of " + scenario.requestedContainers()
            + " containers completed");
      }
    } finally {
      beats.shutdownNow();
      beats.awaitTermination(30, TimeUnit.SECONDS);
      ams.forEach(SimulatedApp::close);
      yarn.stop();
    }
  }

  /** Submits and registers every AM, a few at a time; false when one did not make it. */
  private boolean startAll(List<SimulatedApp> ams, YarnClient yarn, Tally tally, long deadline)
      throws InterruptedException {
    ExecutorService starters = Executors.newFixedThreadPool(Math.min(8, ams.size()),
        NodeFleet.daemonThreads("loadgen-submit"));
    try {
      List<Future<Boolean>> started = new ArrayList<>();
      for (SimulatedApp am : ams) {
        started.add(starters.submit(() -> am.start(yarn, conf, deadline)));
      }
      boolean all = true;
      for (Future<Boolean> result : started) {
        try {
          all &= result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          tally.rpcError("starting an AM", e.getCause());
          all = false;
        } catch (TimeoutException e) {
          tally.fail("AMs not all registered before the timeout");
          return false;
        }
      }
      if (!all) {
        tally.fail("not every AM could start");
      }
      LOG.info("{} AMs registered", ams.size());
      return all;
    } finally {
      starters.shutdownNow();
      starters.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
