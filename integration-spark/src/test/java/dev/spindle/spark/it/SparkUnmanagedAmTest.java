package dev.spindle.spark.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spark's client mode with an unmanaged AM ({@code spark.yarn.unmanagedAM.enabled}): the
 * driver JVM runs the ApplicationMaster itself and registers with the RM on the AM token it
 * fetched from the app report, no AM container is launched.
 *
 * <p>Not in the default run (integration-spark/pom.xml excludes it) while Spindle refuses
 * unmanaged AMs at submission; run it with {@code mvn -pl integration-spark -am test
 * -Dtest=SparkUnmanagedAmTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(SparkCluster.class)
class SparkUnmanagedAmTest {

  @Test
  void sparkPiInClientModeWithAnUnmanagedApplicationMaster() throws Exception {
    SparkSubmitRun.Result result = new SparkSubmitRun("pi-unmanaged-am")
        .conf("spark.yarn.unmanagedAM.enabled", "true")
        .conf("spark.executor.instances", "2")
        .run("dev.spindle.spark.SparkPi", "4");

    result.assertExitedNormally();
    ApplicationReport report = result.report();
    SparkOnYarnTest.assertSucceeded(report);
    assertTrue(report.isUnmanagedApp(), "the RM knows the app's AM as unmanaged");
    SparkOnYarnTest.assertPi(result.stdoutText());
  }
}
