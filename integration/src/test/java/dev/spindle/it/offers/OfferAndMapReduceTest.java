package dev.spindle.it.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.SharedCluster;
import dev.spindle.mini.MiniCluster;
import dev.spindle.rm.queues.SchedulerFiles;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.QuasiMonteCarlo;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock MapReduce job (request-based, queue a) and an offer framework (queue b) on one
 * cluster under Fair/DRF: one allocator decides for both, so while the job runs they hold
 * containers side by side, each near its share; once the job is done the framework gets the
 * whole cluster.
 */
class OfferAndMapReduceTest {

  @TempDir Path dir;

  @Test
  void aMapReduceJobAndAFrameworkShareByDrf() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(confDir.resolve("fair-scheduler.xml"), OfferModeRpcTest.DRF_QUEUES);
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER, OfferModeRpcTest.FAIR);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
    conf.setInt(YarnConfiguration.NM_VCORES, 8);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 512);
    conf.set("yarn.app.mapreduce.am.resource.mb", "512");
    conf.set("mapreduce.map.memory.mb", "512");
    conf.set("mapreduce.reduce.memory.mb", "512");
    conf.setLong("spindle.offers.poll-interval-ms", 200);
    MiniCluster cluster = new MiniCluster("offers-and-mr", 1);
    try {
      cluster.init(conf);
      cluster.start();
      Configuration client = new YarnConfiguration(cluster.getConfig());
      try (YarnClient yarn = YarnClient.createYarnClient()) {
        yarn.init(client);
        yarn.start();
        Configuration jobConf = new YarnConfiguration(client);
        jobConf.set("mapreduce.job.queuename", "a");
        CompletableFuture<BigDecimal> job = CompletableFuture.supplyAsync(() -> {
          try {
            return QuasiMonteCarlo.estimatePi(16, 20_000,
                new org.apache.hadoop.fs.Path(dir.resolve("pi").toUri()), jobConf);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        SharedCluster.await("the job to hold containers", Duration.ofSeconds(120),
            () -> containers(yarn, "a") >= 2 || job.isDone());

        // The framework wants the whole cluster (8 vcores: 8 tasks), one task per offer.
        try (TestFramework f = new TestFramework(client, "greedy", "b")) {
          f.policy = TestFramework.oneTaskPerOffer(512, 1);
          f.start();
          boolean shared = false;
          int mostFramework = 0;
          while (!job.isDone()) {
            int mr = containers(yarn, "a");
            int fw = f.runningTasks();
            shared |= mr >= 3 && fw >= 3;
            mostFramework = Math.max(mostFramework, fw);
            Thread.sleep(100);
          }
          BigDecimal pi = job.get(1, TimeUnit.SECONDS);
          assertEquals(3.1, pi.doubleValue(), 0.1);
          assertTrue(shared, "the job and the framework never held >= 3 containers each at"
              + " once; the framework's most was " + mostFramework);
          SharedCluster.await("the framework to take the cluster once the job is done",
              Duration.ofSeconds(60), () -> f.runningTasks() == 8);
        }
      }
    } finally {
      cluster.stop();
    }
  }

  private static int containers(YarnClient yarn, String queue) {
    try {
      QueueInfo q = yarn.getQueueInfo(queue);
      return q.getQueueStatistics() == null ? 0
          : (int) q.getQueueStatistics().getAllocatedContainers();
    } catch (Exception e) {
      return 0;
    }
  }
}
