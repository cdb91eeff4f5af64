package dev.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.QuasiMonteCarlo;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stock MapReduce examples, unchanged, on Spindle: the MR AppMaster, tasks in containers,
 * and the stock ShuffleHandler inside the Spindle NodeManagers.
 */
@ExtendWith(SharedCluster.class)
public class MapReduceExamplesTest {

  @Test
  void piEstimatesPi() throws Exception {
    Configuration conf = SharedCluster.conf();
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(
        SharedCluster.cluster().getBaseDir().resolve("pi-" + System.nanoTime()).toUri());

    BigDecimal pi = QuasiMonteCarlo.estimatePi(2, 1000, tmp, conf);

    assertTrue(Math.abs(pi.doubleValue() - Math.PI) < 0.05, "pi estimate was " + pi);
  }

  @Test
  void wordCountWithReducersCountsEveryWord() throws Exception {
    Path work = SharedCluster.cluster().getBaseDir().resolve("wordcount-" + System.nanoTime());
    Path input = Files.createDirectories(work.resolve("in"));
    Files.writeString(input.resolve("a.txt"), "spindle yarn spindle\nmesos drf\n");
    Files.writeString(input.resolve("b.txt"), "yarn yarn spindle\ndrf\n");

    Job job = Job.getInstance(SharedCluster.conf(), "spindle wordcount");
    job.setJarByClass(WordCount.class);
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setCombinerClass(WordCount.IntSumReducer.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    // Two reducers: map output really crosses the shuffle.
    job.setNumReduceTasks(2);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
    Path output = work.resolve("out");
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(output.toUri()));

    assertTrue(job.waitForCompletion(false), "wordcount job failed");

    assertEquals(Map.of("spindle", 3, "yarn", 3, "mesos", 1, "drf", 2), readCounts(output));
  }

  /** Word counts from a wordcount job's part-r-* files. */
  public static Map<String, Integer> readCounts(Path output) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    try (Stream<Path> parts = Files.list(output)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-r-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          String[] kv = line.split("\t");
          counts.put(kv[0], Integer.parseInt(kv[1]));
        }
      }
    }
    return counts;
  }
}
