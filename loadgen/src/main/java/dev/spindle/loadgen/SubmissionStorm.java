package dev.spindle.loadgen;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.yarn.api.ApplicationClientProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.KillApplicationRequest;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * Many client threads submitting managed apps as fast as the RM takes them, each killed as soon
 * as it is ACCEPTED when asked to (a single forceKill, not YarnClient's kill-and-wait, so the
 * thread goes on submitting). The simulated nodes heartbeat meanwhile so the RM can place the
 * AMs; their launches fail, as nothing listens on the fake hosts.
 */
final class SubmissionStorm {

  private static final Set<YarnApplicationState> FINAL = EnumSet.of(
      YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
  private static final Set<YarnApplicationState> NOT_YET_ACCEPTED = EnumSet.of(
      YarnApplicationState.NEW, YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED);

  /** An app the RM no longer lists: completed, and dropped from its completed-apps memory. */
  private static final String FORGOTTEN = "FORGOTTEN";

  private final Configuration conf;
  private final LoadScenario scenario;
  private final int apps;
  private final int threads;
  private final boolean kill;

  SubmissionStorm(Configuration conf, LoadScenario scenario, int apps, int threads, boolean kill) {
    if (apps <= 0 || threads <= 0) {
      throw new IllegalArgumentException("a storm needs apps and threads, not " + apps + " and "
          + threads);
    }
    this.conf = conf;
    this.scenario = scenario;
    this.apps = apps;
    this.threads = threads;
    this.kill = kill;
  }

  LoadResult run(OptionalLong rmPid) throws Exception {
    Tally tally = new Tally();
    Measured window = new Measured(rmPid, tally);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(scenario.timeoutMs());
    Set<ApplicationId> ids = ConcurrentHashMap.newKeySet();
    AtomicLong lastSubmitted = new AtomicLong();
    long settled = 0;
    try (NodeFleet fleet = new NodeFleet(conf, scenario, tally)) {
      if (!fleet.registerAll(deadline)) {
        tally.fail("not every simulated node registered");
      } else {
        fleet.startHeartbeats();
        YarnClient yarn = YarnClient.createYarnClient();
        ApplicationClientProtocol client = null;
        try {
          yarn.init(conf);
          yarn.start();
          client = ClientRMProxy.createRMProxy(conf, ApplicationClientProtocol.class);
          window.open();
          submitAll(yarn, client, tally, ids, lastSubmitted, deadline);
          settled = awaitSettled(yarn, tally, ids, deadline);
          window.close();
          if (!kill) {
            killAll(client, ids);
          }
        } finally {
          if (client != null) {
            RPC.stopProxy(client);
          }
          yarn.stop();
        }
      }
    }
    window.closeIfOpen();
    long start = window.startNanos();
    double seconds = (lastSubmitted.get() - start) / 1e9;
    return window.result("storm", scenario, 0, ids.size(),
        seconds > 0 ? ids.size() / seconds : 0,
        settled == 0 ? 0 : (settled - start) / 1_000_000);
  }

  private void submitAll(YarnClient yarn, ApplicationClientProtocol client, Tally tally,
      Set<ApplicationId> ids, AtomicLong lastSubmitted, long deadline) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads,
        NodeFleet.daemonThreads("loadgen-storm"));
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < apps && System.nanoTime() < deadline) {
            try {
              ApplicationId id = submit(yarn, i);
              ids.add(id);
              if (kill) {
                killWhenAccepted(yarn, client, id, deadline);
              }
              lastSubmitted.accumulateAndGet(System.nanoTime(), Math::max);
            } catch (InterruptedException e) {
              return;
            } catch (Exception e) {
              tally.rpcError("submitting storm app " + i, e);
            }
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      tally.fail("submissions did not finish before the timeout");
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (ids.size() < apps) {
      tally.fail("submitted " + ids.size() + " of " + apps + " apps");
    }
  }

  private ApplicationId submit(YarnClient yarn, int index) throws Exception {
    ApplicationSubmissionContext app = yarn.createApplication().getApplicationSubmissionContext();
    app.setApplicationName("loadgen-storm-" + index);
    app.setApplicationType(FakeAm.APP_TYPE);
    app.setQueue(scenario.queue());
    app.setMaxAppAttempts(1);
    app.setResource(Resource.newInstance(scenario.containerMemoryMb(),
        scenario.containerVcores()));
    // A trivial managed AM: the RM allocates and launches it like any other.
    app.setAMContainerSpec(ContainerLaunchContext.newInstance(null, null, List.of("true"),
        null, null, null));
    return yarn.submitApplication(app);
  }

  private static void killWhenAccepted(YarnClient yarn, ApplicationClientProtocol client,
      ApplicationId id, long deadline) throws Exception {
    while (System.nanoTime() < deadline
        && NOT_YET_ACCEPTED.contains(yarn.getApplicationReport(id).getYarnApplicationState())) {
      Thread.sleep(5);
    }
    client.forceKillApplication(KillApplicationRequest.newInstance(id));
  }

  /**
   * Polls until every app is final (kill) or accepted; returns when, 0 when never. An RM keeps
   * only its last {@code yarn.resourcemanager.max-completed-applications} (1,000 by default)
   * completed apps, so an app missing from the list has completed and been forgotten: it keeps
   * the last state seen, or counts as FORGOTTEN (final) when it was never seen.
   */
  private long awaitSettled(YarnClient yarn, Tally tally, Set<ApplicationId> ids, long deadline)
      throws Exception {
    Map<ApplicationId, String> seen = new HashMap<>();
    Map<String, Integer> states = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      Set<ApplicationId> listed = new HashSet<>();
      for (ApplicationReport report : yarn.getApplications(Set.of(FakeAm.APP_TYPE))) {
        if (ids.contains(report.getApplicationId())) {
          listed.add(report.getApplicationId());
          seen.put(report.getApplicationId(), report.getYarnApplicationState().name());
        }
      }
      states.clear();
      int settled = 0;
      for (ApplicationId id : ids) {
        String state = listed.contains(id) ? seen.get(id) : seen.getOrDefault(id, FORGOTTEN);
        states.merge(state, 1, Integer::sum);
        if (kill ? isFinal(state) : !isNotYetAccepted(state)) {
          settled++;
        }
      }
      if (settled == ids.size()) {
        long now = System.nanoTime();
        int killed = states.getOrDefault(YarnApplicationState.KILLED.name(), 0)
            + states.getOrDefault(FORGOTTEN, 0);
        if (kill && killed != ids.size()) {
          tally.fail("only " + killed + " of " + ids.size() + " killed apps ended KILLED: "
              + states);
        }
        return now;
      }
      Thread.sleep(50);
    }
    tally.fail("apps not settled before the timeout: " + states);
    return 0;
  }

  private static boolean isFinal(String state) {
    return FORGOTTEN.equals(state) || FINAL.contains(YarnApplicationState.valueOf(state));
  }

  private static boolean isNotYetAccepted(String state) {
    return !FORGOTTEN.equals(state)
        && NOT_YET_ACCEPTED.contains(YarnApplicationState.valueOf(state));
  }

  /** Leaves no app of a no-kill storm behind (not measured). */
  private static void killAll(ApplicationClientProtocol client, Set<ApplicationId> ids) {
    for (ApplicationId id : ids) {
      try {
        client.forceKillApplication(KillApplicationRequest.newInstance(id));
      } catch (Exception e) {
        // Already final: nothing to clean up.
      }
    }
  }
}
