package dev.spindle.it.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * A map task that holds its job open until a gate file exists (two minutes at most), so a
 * test can look at the running MapReduce AM without racing the job's end.
 */
public class GatedMapper extends Mapper<LongWritable, Text, Text, LongWritable> {

  /** Job key: the local path of the gate file. */
  public static final String GATE = "spindle.test.gate";

  @Override
  protected void map(LongWritable offset, Text line, Context context)
      throws IOException, InterruptedException {
    Path gate = Path.of(context.getConfiguration().get(GATE));
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(gate) && System.nanoTime() < deadline) {
      context.progress();
      Thread.sleep(100);
    }
    context.write(line, offset);
  }
}
