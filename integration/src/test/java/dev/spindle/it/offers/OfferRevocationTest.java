package dev.spindle.it.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.framework.Filters;
import dev.spindle.framework.FrameworkDriver;
import dev.spindle.framework.Launch;
import dev.spindle.framework.Offer;
import dev.spindle.framework.ResourceVector;
import dev.spindle.framework.TaskStatus;
import dev.spindle.it.SharedCluster;
import dev.spindle.mini.MiniCluster;
import dev.spindle.rm.queues.SchedulerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guaranteed allocation and revocation through the RPC path (Capacity, two queues of 50 %
 * that may grow to 100 %): a framework alone fills the cluster; when a second framework in
 * the other queue waits, the RM revokes the first one's tasks above its guarantee (a warning
 * with a deadline, then the kill, reported as revoked with the PREEMPTED exit status), never
 * those within it, and the second framework gets the freed resources.
 */
class OfferRevocationTest {

  private static final String PREEMPT = "yarn.resourcemanager.monitor.capacity.preemption.";
  private static final String CAPACITY = """
      <?xml version="1.0"?>
      <configuration>
        <property><name>yarn.scheduler.capacity.root.queues</name><value>a,b</value></property>
        <property><name>yarn.scheduler.capacity.root.a.capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.a.maximum-capacity</name><value>100</value></property>
        <property><name>yarn.scheduler.capacity.root.a.user-limit-factor</name><value>2</value></property>
        <property><name>yarn.scheduler.capacity.root.b.capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.b.maximum-capacity</name><value>100</value></property>
        <property><name>yarn.scheduler.capacity.root.b.user-limit-factor</name><value>2</value></property>
      </configuration>
      """;

  @TempDir Path dir;
  private MiniCluster cluster;
  private final List<TestFramework> frameworks = new ArrayList<>();

  @AfterEach
  void stop() {
    for (TestFramework f : frameworks) {
      try {
        f.close();
      } catch (Exception ignored) {
        // the cluster goes next
      }
    }
    if (cluster != null) {
      cluster.stop();
    }
  }

  /** Launches as many 1 GB tasks as the offer holds. */
  static BiConsumer<FrameworkDriver, Offer> fill(AtomicInteger launched) {
    return (d, o) -> {
      List<Launch> launches = new ArrayList<>();
      ResourceVector left = o.resources();
      ResourceVector task = ResourceVector.of(1024, 1);
      while (task.fitsIn(left)) {
        launches.add(Recorder.sleeper(1024, 1, "t" + launched.get() + "-" + launches.size()));
        left = left.minus(task);
      }
      try {
        if (launches.isEmpty()) {
          d.decline(o.id(), Filters.refuseSeconds(1));
        } else {
          launched.addAndGet(d.accept(List.of(o.id()), launches, Filters.refuseSeconds(1))
              .size());
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  @Test
  void tasksAboveTheGuaranteeAreRevokedNeverThoseWithin() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("capacity-scheduler.xml"), CAPACITY);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.setBoolean("yarn.resourcemanager.scheduler.monitor.enable", true);
    conf.setLong(PREEMPT + "monitoring_interval", 300);
    conf.setLong(PREEMPT + "max_wait_before_kill", 1500);
    conf.setFloat(PREEMPT + "total_preemption_per_round", 1f);
    conf.setFloat(PREEMPT + "natural_termination_factor", 1f);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setLong("spindle.offers.poll-interval-ms", 200);
    cluster = new MiniCluster("offers-revocation", 2);
    cluster.init(conf);
    cluster.start();
    Configuration client = new YarnConfiguration(cluster.getConfig());

    TestFramework a = new TestFramework(client, "elastic", "a");
    frameworks.add(a);
    AtomicInteger launchedA = new AtomicInteger();
    a.policy = fill(launchedA);
    a.start();
    SharedCluster.await("A to fill the cluster", Duration.ofSeconds(90),
        () -> a.runningTasks() == 8);

    TestFramework b = new TestFramework(client, "waiting", "b");
    frameworks.add(b);
    AtomicInteger launchedB = new AtomicInteger();
    b.policy = fill(launchedB);
    b.start();
    int[] lowest = {8};
    SharedCluster.await("B to get its guarantee back from A", Duration.ofSeconds(120), () -> {
      lowest[0] = Math.min(lowest[0], a.runningTasks());
      return b.runningTasks() == 4;
    });
    Thread.sleep(2_000);
    lowest[0] = Math.min(lowest[0], a.runningTasks());

    assertFalse(a.warnings.isEmpty(), "A was warned before its tasks were revoked");
    List<TaskStatus> revoked = a.statuses.stream().filter(TaskStatus::revoked).toList();
    assertEquals(4, revoked.size(), () -> "A's statuses: " + a.statuses);
    for (TaskStatus s : revoked) {
      assertEquals(ContainerExitStatus.PREEMPTED, s.exitStatus(), s::toString);
      assertTrue(a.warnings.stream().anyMatch(w -> w.contains(s.containerId())),
          () -> s.containerId() + " was revoked without a warning: " + a.warnings);
    }
    assertEquals(4, lowest[0], "A never went below its guarantee (half the cluster)");
    assertEquals(4, a.runningTasks());
    assertTrue(b.statuses.stream().noneMatch(TaskStatus::revoked), "B is within its guarantee");
    // Offers say so: A, holding the whole cluster, was offered revocable resources; B,
    // never above its half, never was.
    assertTrue(a.offers.stream().anyMatch(Offer::revocable), () -> "A's offers: " + a.offers);
    assertTrue(b.offers.stream().noneMatch(Offer::revocable), () -> "B's offers: " + b.offers);
  }
}
