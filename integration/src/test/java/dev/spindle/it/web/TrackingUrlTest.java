package dev.spindle.it.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.SharedCluster;
import dev.spindle.it.apps.TestApps;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TypeConverter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running MapReduce job's tracking URL, as the RM reports it, leads through the Spindle RM's
 * web proxy to the stock MR AppMaster's own web services (whose AmIpFilter only lets the RM
 * proxy in), and the RM's REST view follows the job from RUNNING to FINISHED.
 */
@ExtendWith(SharedCluster.class)
class TrackingUrlTest {

  @Test
  void theTrackingUrlReachesTheMapReduceAmThroughTheRmProxy(@TempDir Path dir) throws Exception {
    Path input = Files.createDirectories(dir.resolve("in"));
    Files.writeString(input.resolve("a.txt"), "one line\n");
    Path gate = dir.resolve("gate");
    Configuration conf = SharedCluster.conf();
    conf.set(GatedMapper.GATE, gate.toString());
    Job job = Job.getInstance(conf, "gated");
    job.setJarByClass(GatedMapper.class);
    job.setMapperClass(GatedMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(dir.resolve("out").toUri()));
    String rmWeb = Http.rmWeb(conf);

    job.submit();
    ApplicationId app = TypeConverter.toYarn(job.getJobID()).getAppId();
    try (YarnClient yarn = TestApps.client(conf)) {
      ApplicationReport report = awaitAmUrl(yarn, app);
      assertEquals(rmWeb + "/proxy/" + app + "/", report.getTrackingUrl());

      HttpResponse<String> info = Http.get(report.getTrackingUrl() + "ws/v1/mapreduce/info");
      assertEquals(200, info.statusCode(), info.body());
      assertTrue(info.body().contains("\"appId\":\"" + app + "\""), info.body());

      HttpResponse<String> rest = Http.get(rmWeb + "/ws/v1/cluster/apps/" + app);
      assertEquals(200, rest.statusCode(), rest.body());
      assertTrue(rest.body().contains("\"state\":\"RUNNING\""), rest.body());
      assertTrue(rest.body().contains("\"trackingUI\":\"ApplicationMaster\""), rest.body());
    } finally {
      Files.createFile(gate);
    }
    assertTrue(job.waitForCompletion(false), "the gated job failed");

    HttpResponse<String> done = Http.get(rmWeb + "/ws/v1/cluster/apps/" + app);
    assertEquals(200, done.statusCode(), done.body());
    assertTrue(done.body().contains("\"state\":\"FINISHED\""), done.body());
    assertTrue(done.body().contains("\"finalStatus\":\"SUCCEEDED\""), done.body());
  }

  /** Waits until the MR AM has registered its own web address with the RM. */
  private static ApplicationReport awaitAmUrl(YarnClient yarn, ApplicationId app)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      ApplicationReport report = yarn.getApplicationReport(app);
      String amUrl = report.getOriginalTrackingUrl();
      if (report.getYarnApplicationState() == YarnApplicationState.RUNNING && amUrl != null
          && !amUrl.isEmpty() && !amUrl.equals("N/A")) {
        return report;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the MR AM never reported a web address: " + report);
      }
      Thread.sleep(100);
    }
  }
}
