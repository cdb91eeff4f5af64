package dev.spindle.it.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.mini.MiniCluster;
import dev.spindle.rm.queues.SchedulerFiles;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.QuasiMonteCarlo;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stock MapReduce pi jobs, one per queue of a two-queue Capacity configuration read from
 * the RM's conf dir, run side by side: each queue stays within its 50% maximum, both hold
 * containers at the same time, and the app reports name the full queue paths.
 */
class TwoQueueCapacityTest {

  private static final String CAPACITY = """
      <?xml version="1.0"?>
      <configuration>
        <property><name>yarn.scheduler.capacity.root.queues</name><value>a,b</value></property>
        <property><name>yarn.scheduler.capacity.maximum-am-resource-percent</name><value>0.5</value></property>
        <property><name>yarn.scheduler.capacity.root.a.capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.a.maximum-capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.b.capacity</name><value>50</value></property>
        <property><name>yarn.scheduler.capacity.root.b.maximum-capacity</name><value>50</value></property>
      </configuration>
      """;

  @TempDir Path dir;

  @Test
  void twoJobsShareTheClusterAsTheQueuesSay() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("capacity-scheduler.xml"), CAPACITY);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set("yarn.nodemanager.resource.memory-mb", "4096");
    conf.set("yarn.app.mapreduce.am.resource.mb", "1024");
    conf.set("mapreduce.map.memory.mb", "512");
    conf.set("mapreduce.reduce.memory.mb", "512");
    MiniCluster cluster = new MiniCluster("two-queues", 1);
    ExecutorService jobs = Executors.newFixedThreadPool(2);
    YarnClient client = YarnClient.createYarnClient();
    try {
      cluster.init(conf);
      cluster.start();
      client.init(new YarnConfiguration(cluster.getConfig()));
      client.start();
      long half = 4096 / 2;

      Future<BigDecimal> inA = jobs.submit(() -> pi(cluster, "a"));
      Future<BigDecimal> inB = jobs.submit(() -> pi(cluster, "b"));
      long maxA = 0;
      long maxB = 0;
      boolean together = false;
      // A bound on a hung run, not a speed target: two MR jobs take ~20 s on a quiet machine.
      long deadline = System.currentTimeMillis() + 180_000;
      while (!(inA.isDone() && inB.isDone())) {
        assertTrue(System.currentTimeMillis() < deadline, "the jobs did not finish in time");
        long usedA = allocatedMb(client.getQueueInfo("a"));
        long usedB = allocatedMb(client.getQueueInfo("b"));
        maxA = Math.max(maxA, usedA);
        maxB = Math.max(maxB, usedB);
        together |= usedA > 0 && usedB > 0;
        Thread.sleep(50);
      }
      double piA = inA.get().doubleValue();
      double piB = inB.get().doubleValue();
      assertTrue(Math.abs(piA - Math.PI) < 0.1 && Math.abs(piB - Math.PI) < 0.1, piA + " " + piB);
      assertTrue(maxA <= half && maxB <= half, "a held " + maxA + " MB, b " + maxB + " MB");
      assertTrue(maxA > 0 && maxB > 0 && together, "both queues ran at the same time");

      List<ApplicationReport> apps = client.getApplications();
      assertEquals(List.of("root.a", "root.b"),
          apps.stream().map(ApplicationReport::getQueue).sorted().toList());
      for (ApplicationReport app : apps) {
        assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(),
            app.getDiagnostics());
      }
      assertEquals(0.5f, client.getQueueInfo("a").getMaximumCapacity(), 1e-6);
    } finally {
      jobs.shutdownNow();
      client.stop();
      cluster.stop();
    }
  }

  private static long allocatedMb(QueueInfo info) {
    return info.getQueueStatistics().getAllocatedMemoryMB();
  }

  private BigDecimal pi(MiniCluster cluster, String queue) throws Exception {
    Configuration jobConf = new YarnConfiguration(cluster.getConfig());
    jobConf.set("mapreduce.job.queuename", queue);
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(
        dir.resolve("pi-" + queue).toUri());
    return QuasiMonteCarlo.estimatePi(4, 1000, tmp, jobConf);
  }
}
