package dev.spindle.rm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.core.AmLauncher.LaunchRequest;
import dev.spindle.rm.core.AppSubmission;
import dev.spindle.rm.core.ContainerGrant;
import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.rm.security.ContainerTokenSecretManager;
import dev.spindle.rm.security.NmTokenSecretManager;
import dev.spindle.scheduler.ResourceVector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launch queue: a launch whose attempt ended while it waited is dropped instead of carried
 * out late, and a full queue fails the launch instead of growing. Launches go to a node whose
 * port refuses connections, so a launch that was carried out shows as a failed outcome.
 */
class AmLauncherPoolTest {

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final Map<ApplicationAttemptId, String> outcomes = new ConcurrentHashMap<>();
  private final CountDownLatch anyOutcome = new CountDownLatch(1);

  @AfterEach
  void stop() {
    gate.countDown();
    executor.shutdownNow();
  }

  @Test
  void aLaunchStoppedWhileQueuedIsDroppedAndOthersStillRun() throws Exception {
    AmLauncherPool pool = pool(10);
    LaunchRequest killed = request(1);
    LaunchRequest live = request(2);
    pool.launch(killed);
    pool.launch(live);
    assertEquals(2, pool.queuedLaunches());

    pool.stop(killed.attemptId(), killed.container());
    assertEquals(1, pool.queuedLaunches());
    gate.countDown();

    assertTrue(anyOutcome.await(120, TimeUnit.SECONDS), "the live launch was never tried");
    executor.shutdown();
    assertTrue(executor.awaitTermination(120, TimeUnit.SECONDS));
    assertEquals(List.of(live.attemptId()), List.copyOf(outcomes.keySet()),
        "only the live attempt's AM was launched (and failed: nothing listens)");
    assertEquals(1, pool.droppedLaunches());
    assertEquals(0, pool.queuedLaunches());
  }

  @Test
  void aFullQueueFailsTheLaunchAtOnce() throws Exception {
    AmLauncherPool pool = pool(1);
    LaunchRequest first = request(1);
    LaunchRequest second = request(2);
    pool.launch(first);
    pool.launch(second);

    assertTrue(outcomes.get(second.attemptId()).contains("launches queued"),
        outcomes.toString());
    assertEquals(1, pool.queuedLaunches());
  }

  private AmLauncherPool pool(int capacity) {
    Configuration conf = new YarnConfiguration();
    conf.setInt(AmLauncherPool.QUEUE_CAPACITY_KEY, capacity);
    conf.setLong(YarnConfiguration.CLIENT_NM_CONNECT_MAX_WAIT_MS, 1000);
    conf.setLong(YarnConfiguration.CLIENT_NM_CONNECT_RETRY_INTERVAL_MS, 100);
    conf.setInt("ipc.client.connect.max.retries", 0);
    executor.execute(() -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    AmLauncherPool pool = new AmLauncherPool(conf,
        new ContainerTokenSecretManager(conf, 1), new NmTokenSecretManager(), executor);
    pool.setOutcomes(new AmLauncherPool.Outcomes() {
      @Override
      public void launched(ApplicationAttemptId id) {
        outcomes.put(id, "launched");
        anyOutcome.countDown();
      }

      @Override
      public void failed(ApplicationAttemptId id, String diagnostics) {
        outcomes.put(id, diagnostics);
        anyOutcome.countDown();
      }
    });
    return pool;
  }

  private static LaunchRequest request(int seq) {
    ApplicationId app = ApplicationId.newInstance(1, seq);
    ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(app, 1);
    ApplicationSubmissionContext ctx = Records.newRecord(ApplicationSubmissionContext.class);
    ctx.setApplicationId(app);
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("true"), null, null, null));
    AppSubmission submission = new AppSubmission(app, ctx, "alice", "default", 1, 1,
        ResourceRequest.newInstance(Priority.newInstance(0), ResourceRequest.ANY,
            Resource.newInstance(1024, 1), 1));
    // Port 1 on loopback refuses connections: a launch carried out fails at once.
    ContainerGrant container = new ContainerGrant(ContainerId.newContainerId(attempt, 1),
        NodeId.newInstance("127.0.0.1", 1), "127.0.0.1:2", ResourceVector.of(1024, 1), 0, 0,
        1, true, "alice");
    return new LaunchRequest(attempt, container, submission,
        new AmrmTokenSecretManager().createToken(attempt));
  }
}
