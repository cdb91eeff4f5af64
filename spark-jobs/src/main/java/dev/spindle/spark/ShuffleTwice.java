package dev.spindle.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A job for dynamic allocation with the external shuffle service: counts keys through a
 * shuffle, waits until dynamic allocation has released every executor, then reads the same
 * shuffle output again. The second read finds no executor that wrote the map output, so the
 * blocks come from the shuffle service in the NodeManager (a lost block would show as a
 * re-run map stage in the event log).
 *
 * <p>Arguments: the result file, and how long to wait for the executors to go (ms). The result
 * file holds one line per read ({@code key=count,...}) and then {@code released} or
 * {@code not-released}.
 */
public final class ShuffleTwice {

  static final int KEYS = 10;
  static final int RECORDS = 10_000;

  private ShuffleTwice() {}

  public static void main(String[] args) throws Exception {
    Path result = Path.of(args[0]);
    long waitMs = Long.parseLong(args[1]);
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("ShuffleTwice"))) {
      List<Integer> records = IntStream.range(0, RECORDS).boxed().toList();
      JavaPairRDD<Integer, Long> counts = sc.parallelize(records, 4)
          .mapToPair(i -> new Tuple2<>(i % KEYS, 1L))
          .reduceByKey(Long::sum, 2);
      String first = format(counts.collectAsMap());
      boolean released = awaitNoExecutors(sc, waitMs);
      String second = format(counts.collectAsMap());
      Files.write(result, List.of(first, second, released ? "released" : "not-released"),
          StandardCharsets.UTF_8);
    }
  }

  /** The driver counts itself among the executors the status tracker reports. */
  private static boolean awaitNoExecutors(JavaSparkContext sc, long waitMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMs;
    while (sc.sc().statusTracker().getExecutorInfos().length > 1) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }

  private static String format(Map<Integer, Long> counts) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(counts).forEach((k, v) -> out.append(out.length() == 0 ? "" : ",")
        .append(k).append('=').append(v));
    return out.toString();
  }
}
