package dev.spindle.spark.it;

import static dev.spindle.spark.it.SparkOnYarnTest.PI_CLASS;
import static dev.spindle.spark.it.SparkOnYarnTest.assertPi;
import static dev.spindle.spark.it.SparkOnYarnTest.assertSucceeded;
import static dev.spindle.spark.it.SparkOnYarnTest.containerStdout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spark 4 (Scala 2.13, its Hadoop 3.5.0 client) on YARN, unchanged, on Spindle: the same
 * SparkPi in cluster and client mode. The shuffle service cases stay on Spark 3.5, whose
 * shuffle service is the one published for the NodeManager.
 */
@ExtendWith(SparkCluster.class)
class Spark4OnYarnTest {

  @Test
  void sparkPiInClusterMode() throws Exception {
    SparkSubmitRun.Result result = new SparkSubmitRun(SparkRuntime.SPARK_4, "spark4-pi-cluster")
        .deployMode("cluster")
        .conf("spark.executor.instances", "1")
        .run(PI_CLASS, "2");

    result.assertExitedNormally();
    assertSucceeded(result.report());
    assertPi(containerStdout(result.applicationId(), 1));
  }

  @Test
  void sparkPiInClientMode() throws Exception {
    SparkSubmitRun.Result result = new SparkSubmitRun(SparkRuntime.SPARK_4, "spark4-pi-client")
        .conf("spark.executor.instances", "1")
        .run(PI_CLASS, "2");

    result.assertExitedNormally();
    assertSucceeded(result.report());
    assertPi(result.stdoutText());
  }
}
