package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.SharedCluster;
import dev.spindle.mini.MiniCluster;
import java.io.File;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.QuasiMonteCarlo;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BooleanWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapred.TIPStatus;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock MapReduce job (the QuasiMonteCarlo pi mapper and reducer, several maps) survives a
 * kill -9 of the RM daemon (a child JVM) mid-job and its restart, in work-preserving mode:
 * the MR AppMaster re-registers, keeps the maps already done and the ones running, and the job
 * succeeds in its first attempt with no map launched twice.
 */
class WpMapReduceRestartTest {

  private static final int MAPS = 8;

  @TempDir
  File baseDir;
  private MiniCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void aPiJobSurvivesAnRmRestartWithoutRerunningMaps() throws Exception {
    cluster = new MiniCluster("wp-mr-restart", 1).withResourceManagerProcess();
    cluster.init(WpRestartTest.conf(baseDir));
    cluster.start();
    Configuration conf = new Configuration(cluster.getConfig());
    conf.setBoolean("mapreduce.map.speculative", false);
    conf.setBoolean("mapreduce.reduce.speculative", false);
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 1024);
    conf.setInt("mapreduce.map.memory.mb", 1024);
    conf.setInt("mapreduce.reduce.memory.mb", 512);
    Job job = piJob(conf, new Path(new File(baseDir, "pi").toURI()));
    job.submit();

    // Restart with a map done and one running: neither may run again afterwards.
    SharedCluster.await("a finished map and a running one", Duration.ofSeconds(60),
        () -> maps(job, TIPStatus.COMPLETE) > 0 && maps(job, TIPStatus.RUNNING) > 0);
    cluster.restartResourceManager();

    assertTrue(job.waitForCompletion(false), "the job succeeds");
    assertEquals(MAPS, job.getCounters().findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue(),
        "no map ran twice");
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(cluster.getConfig());
      yarn.start();
      ApplicationId app = ApplicationId.fromString(
          job.getJobID().toString().replace("job_", "application_"));
      assertEquals(1, yarn.getApplicationAttempts(app).size(), "the MR AM was not restarted");
    }
  }

  /** How many map tasks are in {@code status}, 0 while unknown. */
  private static long maps(Job job, TIPStatus status) {
    try {
      return java.util.Arrays.stream(job.getTaskReports(TaskType.MAP))
          .filter(t -> t.getCurrentStatus() == status).count();
    } catch (Exception e) {
      return 0;
    }
  }

  /** The pi job as the example builds it: one input file of (offset, size) per map. */
  private static Job piJob(Configuration conf, Path dir) throws Exception {
    Job job = Job.getInstance(conf, "wp-pi");
    job.setJarByClass(QuasiMonteCarlo.class);
    job.setInputFormatClass(SequenceFileInputFormat.class);
    job.setOutputKeyClass(BooleanWritable.class);
    job.setOutputValueClass(LongWritable.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    job.setMapperClass(QuasiMonteCarlo.QmcMapper.class);
    job.setReducerClass(QuasiMonteCarlo.QmcReducer.class);
    job.setNumReduceTasks(1);
    job.setSpeculativeExecution(false);
    Path in = new Path(dir, "in");
    FileInputFormat.setInputPaths(job, in);
    FileOutputFormat.setOutputPath(job, new Path(dir, "out"));
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    for (int i = 0; i < MAPS; i++) {
      try (SequenceFile.Writer w = SequenceFile.createWriter(conf,
          SequenceFile.Writer.file(new Path(in, "part" + i)),
          SequenceFile.Writer.keyClass(LongWritable.class),
          SequenceFile.Writer.valueClass(LongWritable.class))) {
        w.append(new LongWritable(i * 10_000L), new LongWritable(10_000L));
      }
    }
    assertTrue(fs.exists(in));
    return job;
  }
}
