package dev.spindle.rm.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.scheduler.InvalidSchedulerConfigException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fair allocation file: read at start, reloaded when it changes, refused when invalid. */
class FairReloadTest {

  @TempDir Path dir;

  private static String allocations(String... queues) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<allocations>\n");
    for (String q : queues) {
      xml.append("  <queue name=\"").append(q).append("\"><weight>1</weight></queue>\n");
    }
    return xml.append("</allocations>\n").toString();
  }

  private YarnConfiguration conf(Path allocationFile) {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fair.FairScheduler");
    conf.set("yarn.scheduler.fair.allocation.file", allocationFile.toString());
    conf.setLong(QueueService.FAIR_RELOAD_INTERVAL_KEY, 50);
    return conf;
  }

  @Test
  void aChangedFileIsReloadedAndABrokenOneIsIgnored() throws Exception {
    Path file = dir.resolve("fair-scheduler.xml");
    QueueFiles.write(file, allocations("x"));
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(conf(file));
    rm.start();
    YarnClient client = YarnClient.createYarnClient();
    try {
      client.init(new YarnConfiguration(rm.getConfig()));
      client.start();
      assertEquals("root.x", client.getQueueInfo("x").getQueuePath());
      assertNull(client.getQueueInfo("y"));

      QueueService queues = rm.queues();
      QueueFiles.write(file, allocations("x", "y"));
      await("the changed file to be applied", () -> queues.fairReloadsApplied() == 1);
      assertNotNull(client.getQueueInfo("y"));

      QueueFiles.write(file, "<allocations><queue name=\"z\">");
      // The poller's own count says it has read the broken file and refused it; only then
      // does "the queues stayed" mean anything.
      await("the broken file to be refused", () -> queues.fairReloadsRefused() == 1);
      assertEquals(1, queues.fairReloadsApplied());
      assertNotNull(client.getQueueInfo("y"));
      assertNull(client.getQueueInfo("z"));
    } finally {
      client.stop();
      rm.stop();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void anInvalidFileAtStartUpStopsTheRmNamingTheFile() throws Exception {
    Path file = dir.resolve("fair-scheduler.xml");
    QueueFiles.write(file, "<notallocations/>");
    SpindleResourceManager rm = new SpindleResourceManager();
    try {
      Exception e = assertThrows(Exception.class, () -> rm.init(conf(file)));
      Throwable cause = e;
      while (!(cause instanceof InvalidSchedulerConfigException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      assertTrue(cause.getMessage().contains("fair-scheduler.xml"), cause.getMessage());
    } finally {
      rm.stop();
    }
  }
}
