package dev.spindle.it.stockrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.SpindleNodeManager;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.StringTokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross test: a real MapReduce job (2 maps, 1 reduce) on the STOCK ResourceManager with a
 * Spindle NodeManager running the stock ShuffleHandler as mapreduce_shuffle. Exercises the
 * MR AM environment, PATTERN/ARCHIVE localization of job files, LOCAL_DIRS for map
 * outputs, services_meta_data and the shuffle path lookup.
 */
class MapReduceOnSpindleNodeManagerTest {
  @TempDir File tmp;
  private ResourceManager rm;
  private SpindleNodeManager nm;

  /** Word count's map side. */
  public static class Tokens extends Mapper<LongWritable, Text, Text, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);

    @Override
    protected void map(LongWritable key, Text value, Context ctx)
        throws IOException, InterruptedException {
      StringTokenizer it = new StringTokenizer(value.toString());
      while (it.hasMoreTokens()) {
        ctx.write(new Text(it.nextToken()), ONE);
      }
    }
  }

  /** Word count's reduce side. */
  public static class Sum extends Reducer<Text, IntWritable, Text, IntWritable> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context ctx)
        throws IOException, InterruptedException {
      int sum = 0;
      for (IntWritable v : values) {
        sum += v.get();
      }
      ctx.write(key, new IntWritable(sum));
    }
  }

  @AfterEach
  void stop() {
    if (nm != null) {
      nm.stop();
    }
    if (rm != null) {
      rm.stop();
    }
  }

  @Test
  void wordCountRunsThroughTheStockShuffleHandler() throws Exception {
    rm = StockResourceManagers.start();
    Configuration nmConf = new YarnConfiguration(rm.getConfig());
    nmConf.set(YarnConfiguration.NM_LOCAL_DIRS, new File(tmp, "nm-local").getAbsolutePath());
    nmConf.set(YarnConfiguration.NM_LOG_DIRS, new File(tmp, "nm-logs").getAbsolutePath());
    nmConf.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
    nmConf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    nmConf.setInt(YarnConfiguration.NM_VCORES, 4);
    nmConf.set(YarnConfiguration.NM_AUX_SERVICES, "mapreduce_shuffle");
    nmConf.set("yarn.nodemanager.aux-services.mapreduce_shuffle.class",
        "org.apache.hadoop.mapred.ShuffleHandler");
    nmConf.setInt("mapreduce.shuffle.port", 0);
    nm = new SpindleNodeManager();
    nm.init(nmConf);
    nm.start();

    File in = new File(tmp, "in");
    Files.createDirectories(in.toPath());
    Files.writeString(new File(in, "a.txt").toPath(), "spindle yarn spindle\n");
    Files.writeString(new File(in, "b.txt").toPath(), "yarn shuffle spindle\n");
    File out = new File(tmp, "out");

    Configuration jobConf = new YarnConfiguration(rm.getConfig());
    jobConf.set("mapreduce.framework.name", "yarn");
    jobConf.set("yarn.app.mapreduce.am.staging-dir", new File(tmp, "staging").getAbsolutePath());
    // Tasks and the AM run from the test JVM's classpath (as the stock mini clusters do).
    jobConf.set("mapreduce.application.classpath", System.getProperty("java.class.path"));
    jobConf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    jobConf.set("yarn.app.mapreduce.am.command-opts", "-Xmx400m");
    jobConf.setInt("mapreduce.map.memory.mb", 256);
    jobConf.setInt("mapreduce.reduce.memory.mb", 256);
    jobConf.set("mapreduce.map.java.opts", "-Xmx200m");
    jobConf.set("mapreduce.reduce.java.opts", "-Xmx200m");
    Job job = Job.getInstance(jobConf, "spindle-wordcount");
    job.setMapperClass(Tokens.class);
    job.setReducerClass(Sum.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPath(job, new Path(in.toURI()));
    FileOutputFormat.setOutputPath(job, new Path(out.toURI()));
    assertTrue(job.waitForCompletion(false), "MapReduce job must succeed");
    assertEquals("shuffle\t1\nspindle\t3\nyarn\t2\n",
        Files.readString(new File(out, "part-r-00000").toPath()));
  }
}
