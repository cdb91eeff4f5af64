package dev.spindle.spark;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark's SparkPi example, which Maven Central does not publish (spark-examples is only in
 * the distribution): throws darts at the unit square in {@code slices} tasks and prints
 * "Pi is roughly ..." on the driver's stdout.
 */
public final class SparkPi {

  private static final int DARTS_PER_SLICE = 100_000;

  private SparkPi() {}

  public static void main(String[] args) {
    int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("SparkPi"))) {
      List<Integer> sliceIds = IntStream.range(0, slices).boxed().toList();
      long inside = sc.parallelize(sliceIds, slices).map(slice -> hits()).reduce(Long::sum);
      System.out.println("Pi is roughly " + 4.0 * inside / ((long) slices * DARTS_PER_SLICE));
    }
  }

  private static long hits() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long hits = 0;
    for (int i = 0; i < DARTS_PER_SLICE; i++) {
      double x = random.nextDouble(-1, 1);
      double y = random.nextDouble(-1, 1);
      if (x * x + y * y <= 1) {
        hits++;
      }
    }
    return hits;
  }
}
