package dev.spindle.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.SpindleNodeManager;
import dev.spindle.rm.SpindleResourceManager;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.QuasiMonteCarlo;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock MapReduce pi and wordcount examples on a single-node cluster, stock RM + stock NM
 * against Spindle RM + Spindle NM, each with its defaults (Capacity scheduler, 1 s NM
 * heartbeats) and the same node size, in one JVM, the jobs alternating between the two
 * clusters so neither gets a warmer or quieter machine. Prints the wall times and the ratio
 * (Spindle / stock); asserts only that every job succeeded with the right answer.
 *
 * <p>{@code mvn -Pheavy -pl integration -am verify -Dit.test=none
 * -Dtest=MapReduceComparisonTest -Dsurefire.failIfNoSpecifiedTests=false}; rounds:
 * {@code -Dspindle.mr.rounds=3}.
 */
@EnabledIfSystemProperty(named = "spindle.heavy", matches = "true")
class MapReduceComparisonTest {

  @TempDir
  Path dir;

  /** One single-node cluster, in this JVM. */
  private interface Cluster extends AutoCloseable {
    Configuration clientConf();
  }

  @Test
  void piAndWordCountOnStockAndOnSpindle() throws Exception {
    int rounds = Integer.getInteger("spindle.mr.rounds", 3);
    // Two ShuffleHandlers in one JVM register the same metrics source, as in MiniYARNCluster.
    org.apache.hadoop.metrics2.lib.DefaultMetricsSystem.setMiniClusterMode(true);
    Map<String, List<Long>> times = new LinkedHashMap<>();
    try (Cluster stock = stock(dir.resolve("stock"));
        Cluster spindle = spindle(dir.resolve("spindle"))) {
      for (int round = 0; round < rounds; round++) {
        for (boolean stockFirst : new boolean[] {round % 2 == 0, round % 2 != 0}) {
          Cluster c = stockFirst ? stock : spindle;
          String side = stockFirst ? "stock" : "spindle";
          String run = side + round;
          times.computeIfAbsent("pi " + side, k -> new ArrayList<>())
              .add(timed(() -> pi(c)));
          times.computeIfAbsent("wordcount " + side, k -> new ArrayList<>())
              .add(timed(() -> wordCount(c, run)));
        }
      }
    }
    StringBuilder table = new StringBuilder(
        "| job | stock RM + NM, s | Spindle RM + NM, s | Spindle / stock |\n| --- | --- | --- | --- |\n");
    for (String job : List.of("pi", "wordcount")) {
      double s = median(times.get(job + " stock"));
      double p = median(times.get(job + " spindle"));
      table.append(String.format("| %s | %.2f %s | %.2f %s | %.2f |%n", job, s / 1000,
          times.get(job + " stock"), p / 1000, times.get(job + " spindle"), p / s));
    }
    System.out.println("MapReduce wall time, median of " + rounds + " runs (ms each):\n" + table);
    Files.writeString(Path.of("target", "mapreduce-comparison.md"), table);
  }

  @FunctionalInterface
  private interface Job0 {
    void run() throws Exception;
  }

  private static long timed(Job0 job) throws Exception {
    long start = System.nanoTime();
    job.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static double median(List<Long> xs) {
    List<Long> sorted = new ArrayList<>(xs);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private void pi(Cluster c) throws Exception {
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(
        dir.resolve("pi-" + System.nanoTime()).toUri());
    BigDecimal pi = QuasiMonteCarlo.estimatePi(4, 10_000, tmp, jobConf(c));
    assertTrue(Math.abs(pi.doubleValue() - Math.PI) < 0.05, "pi estimate was " + pi);
  }

  private void wordCount(Cluster c, String name) throws Exception {
    Path work = dir.resolve("wordcount-" + name);
    Path input = Files.createDirectories(work.resolve("in"));
    Files.writeString(input.resolve("a.txt"), "spindle yarn spindle\nmesos drf\n");
    Files.writeString(input.resolve("b.txt"), "yarn yarn spindle\ndrf\n");
    Job job = Job.getInstance(jobConf(c), "wordcount");
    job.setJarByClass(WordCount.class);
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setCombinerClass(WordCount.IntSumReducer.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(2);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
    Path output = work.resolve("out");
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(output.toUri()));
    assertTrue(job.waitForCompletion(false), "wordcount failed");
    Map<String, Integer> counts = dev.spindle.it.MapReduceExamplesTest.readCounts(output);
    assertEquals(Map.of("spindle", 3, "yarn", 3, "mesos", 1, "drf", 2), counts);
  }

  /** The same job settings on both sides: tasks run from this JVM's classpath. */
  private Configuration jobConf(Cluster c) {
    Configuration conf = new YarnConfiguration(c.clientConf());
    conf.set("mapreduce.framework.name", "yarn");
    conf.set("yarn.app.mapreduce.am.staging-dir", dir.resolve("staging").toString());
    conf.set("mapreduce.application.classpath", System.getProperty("java.class.path"));
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    conf.set("yarn.app.mapreduce.am.command-opts", "-Xmx400m");
    conf.setInt("mapreduce.map.memory.mb", 512);
    conf.setInt("mapreduce.reduce.memory.mb", 512);
    conf.set("mapreduce.map.java.opts", "-Xmx300m");
    conf.set("mapreduce.reduce.java.opts", "-Xmx300m");
    conf.set("mapreduce.jobhistory.address", "");
    // The client checks for completion every 5 s by default, which would round every wall
    // time up to the next 5 s; poll often so the figure is the job's.
    conf.setInt("mapreduce.client.completion.pollinterval", 100);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 100);
    return conf;
  }

  /** What both clusters share: ephemeral ports, one 8 GiB / 8-vcore node, defaults otherwise. */
  private static YarnConfiguration common(Path base) throws Exception {
    YarnConfiguration conf = new YarnConfiguration();
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      conf.set(key, "localhost:0");
    }
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 512);
    conf.set(YarnConfiguration.NM_LOCAL_DIRS,
        Files.createDirectories(base.resolve("nm-local")).toString());
    conf.set(YarnConfiguration.NM_LOG_DIRS,
        Files.createDirectories(base.resolve("nm-logs")).toString());
    conf.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
    conf.setInt(YarnConfiguration.NM_VCORES, 8);
    conf.setBoolean(YarnConfiguration.NM_ENABLE_HARDWARE_CAPABILITY_DETECTION, false);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
    conf.set(YarnConfiguration.NM_AUX_SERVICES, "mapreduce_shuffle");
    conf.set("yarn.nodemanager.aux-services.mapreduce_shuffle.class",
        "org.apache.hadoop.mapred.ShuffleHandler");
    conf.setInt("mapreduce.shuffle.port", 0);
    return conf;
  }

  private static Cluster stock(Path base) throws Exception {
    ResourceManager rm = new ResourceManager();
    rm.init(common(base));
    rm.start();
    NodeManager nm = new NodeManager();
    nm.init(new YarnConfiguration(rm.getConfig()));
    nm.start();
    return started(rm.getConfig(), () -> {
      nm.stop();
      rm.stop();
      ResourceUtils.resetResourceTypes();
    });
  }

  private static Cluster spindle(Path base) throws Exception {
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(common(base));
    rm.start();
    SpindleNodeManager nm = new SpindleNodeManager();
    nm.init(new YarnConfiguration(rm.getConfig()));
    nm.start();
    assertEquals(Service.STATE.STARTED, nm.getServiceState());
    return started(rm.getConfig(), () -> {
      nm.stop();
      rm.stop();
    });
  }

  /** Waits for the node to register, then hands out the cluster. */
  private static Cluster started(Configuration rmConf, AutoCloseable stop) throws Exception {
    Configuration client = new YarnConfiguration(rmConf);
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(client);
      yarn.start();
      long deadline = System.currentTimeMillis() + 60_000;
      while (yarn.getNodeReports(NodeState.RUNNING).isEmpty()) {
        assertTrue(System.currentTimeMillis() < deadline, "the node never registered");
        Thread.sleep(100);
      }
    }
    return new Cluster() {
      @Override
      public Configuration clientConf() {
        return client;
      }

      @Override
      public void close() throws Exception {
        stop.close();
      }
    };
  }
}
