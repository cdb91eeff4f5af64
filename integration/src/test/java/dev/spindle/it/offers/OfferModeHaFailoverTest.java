package dev.spindle.it.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.framework.Filters;
import dev.spindle.framework.Offer;
import dev.spindle.framework.Registration;
import dev.spindle.framework.ResourceVector;
import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestApps;
import dev.spindle.mini.MiniCluster;
import dev.spindle.offers.OfferProtocolException;
import dev.spindle.rm.queues.SchedulerFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offer mode under RM HA: the framework's driver follows a failover as AMRMClient does. The
 * active RM of an HA pair is stopped abruptly; the driver's calls, refused by the dead RM's
 * closed port, fail over to the other rm-id's scheduler address; the new active, which has
 * not heard of the framework, answers NOT_REGISTERED; the driver registers again, keeps its
 * task (its NodeManager hands it to the new active), gets fresh offers and can launch on them,
 * and an offer of the old active is refused.
 */
class OfferModeHaFailoverTest {

  @TempDir Path dir;
  @TempDir File baseDir;
  private MiniCluster cluster;
  private TestFramework framework;

  @AfterEach
  void stop() {
    try {
      if (framework != null) {
        framework.close();
      }
    } catch (Exception ignored) {
      // the cluster goes next
    } finally {
      if (cluster != null) {
        cluster.stop();
      }
    }
  }

  private Configuration start() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("fair-scheduler.xml"), OfferModeRpcTest.DRF_QUEUES);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("spindle.minicluster.base-dir", baseDir.getAbsolutePath());
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER, OfferModeRpcTest.FAIR);
    conf.setBoolean(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_ENABLED, true);
    conf.setLong(YarnConfiguration.RM_WORK_PRESERVING_RECOVERY_SCHEDULING_WAIT_MS, 1000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 200);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 60_000);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_BASE_MS, 50);
    conf.setLong(YarnConfiguration.CLIENT_FAILOVER_SLEEPTIME_MAX_MS, 500);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setLong("spindle.offers.poll-interval-ms", 200);
    // Clients give up on a dead RM at once and try the next one.
    conf.setInt("ipc.client.connect.max.retries", 0);
    cluster = new MiniCluster("offers-ha-failover", 2).withHa(2);
    cluster.init(conf);
    cluster.start();
    return new YarnConfiguration(cluster.getConfig());
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    SharedCluster.await(what, Duration.ofSeconds(120), condition);
  }

  @Test
  @DisplayName("after the active RM dies: the driver fails over to the new active, registers"
      + " again, keeps its task, gets fresh offers, and an offer of the old active is refused")
  void activeRmDies() throws Exception {
    Configuration conf = start();
    assertTrue(HAUtil.isHAEnabled(conf), "the cluster's configuration names an HA group");
    TestFramework f = new TestFramework(conf, "follower", "a");
    framework = f;
    f.start();
    await("offers of both nodes", () -> f.held.size() == 2);
    List<Offer> before = new ArrayList<>(f.held.values());
    Offer launchOn = before.get(0);
    Offer stale = before.get(1);
    List<Container> task = f.driver.accept(List.of(launchOn.id()),
        List.of(TestFramework.sleeper(1024, 1, "kept")), Filters.refuseSeconds(600));
    await("the task to run", () -> f.runningTasks() == 1);
    int offersBefore = f.offers.size();

    int killed = cluster.killActiveResourceManager();
    await("the other RM to become active",
        () -> cluster.getHaState(1 - killed) == HAServiceState.ACTIVE);
    await("the framework to register with the new active", () -> {
      assertTrue(f.errors.isEmpty(), () -> "the driver gave up: " + f.errors);
      return f.registrations.size() == 2;
    });
    Registration again = f.registrations.get(1);
    assertFalse(again.failover(), "the same attempt registered again");
    assertTrue(List.of(task.get(0).getId()).containsAll(again.runningContainers().stream()
        .map(Container::getId).toList()), again::toString);
    try (YarnClient yarn = TestApps.client(conf)) {
      await("the new active to know the running task", () -> {
        try {
          return yarn.getContainers(f.app.attempt()).stream().anyMatch(c ->
              c.getContainerId().equals(task.get(0).getId())
                  && c.getContainerState() == ContainerState.RUNNING);
        } catch (Exception e) {
          return false;
        }
      });
    }
    await("a fresh offer", () -> f.offers.size() > offersBefore);

    OfferProtocolException e = assertThrows(OfferProtocolException.class,
        () -> f.driver.accept(List.of(stale.id()), List.of(TestFramework.sleeper(1024, 1, "x")),
            Filters.DEFAULT));
    assertEquals(OfferProtocolException.Reason.UNKNOWN_OFFER, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("earlier ResourceManager"), e.getMessage());

    // A fresh offer of the new active launches like any other.
    await("a fresh offer with room for a second task", () -> freshOffer(f, offersBefore) != null);
    Offer fresh = freshOffer(f, offersBefore);
    f.driver.accept(List.of(fresh.id()), List.of(TestFramework.sleeper(512, 1, "after")),
        Filters.DEFAULT);
    await("the second task to run", () -> f.runningTasks() == 2);
    assertTrue(f.errors.isEmpty(), f.errors::toString);
    assertTrue(f.running.contains(task.get(0).getId()), () -> "statuses: " + f.statuses);
  }

  /** An offer the new active made that is still held and fits a 512 MB, 1 vcore task. */
  private static Offer freshOffer(TestFramework f, int offersBefore) {
    List<Offer> after = new ArrayList<>(f.offers.subList(offersBefore, f.offers.size()));
    for (Offer o : after) {
      if (f.held.containsKey(o.id()) && ResourceVector.of(512, 1).fitsIn(o.resources())) {
        return o;
      }
    }
    return null;
  }
}
