package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The max-attempts rule and what counts as a failure (yarn-compat 7.2), as tables. */
class MaxAttemptsTest {

  @ParameterizedTest(name = "submitted {0}, RM default {1}, global {2} -> {3}")
  @CsvSource({
      // submitted, am.max-attempts, am.global.max-attempts (-1 = unset), effective
      "0, 2, -1, 2",
      "-3, 2, -1, 2",
      "1, 2, -1, 1",
      "2, 2, -1, 2",
      "5, 2, -1, 2",
      "5, 2, 4, 4",
      "3, 2, 4, 3",
      "0, 6, 4, 4",
  })
  void effectiveMaxAttempts(int submitted, int rmDefault, int global, int expected) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, rmDefault);
    if (global > 0) {
      conf.setInt(YarnConfiguration.GLOBAL_RM_AM_MAX_ATTEMPTS, global);
    }
    assertEquals(expected, RmSettings.from(conf, 1).effectiveMaxAttempts(submitted));
  }

  @ParameterizedTest(name = "attempt {0} with AM exit {1} counts: {2}")
  @CsvSource({
      "FAILED, 1, true",
      "FAILED, 0, true",
      "FAILED, -1000, true",
      "FAILED, 137, true",
      "FAILED, " + ContainerExitStatus.PREEMPTED + ", false",
      "FAILED, " + ContainerExitStatus.ABORTED + ", false",
      "FAILED, " + ContainerExitStatus.DISKS_FAILED + ", false",
      "FAILED, " + ContainerExitStatus.KILLED_BY_RESOURCEMANAGER + ", false",
      "KILLED, 1, false",
      "FINISHED, 0, false",
  })
  void whatCountsTowardsTheLimit(AttemptState state, int exit, boolean counts) {
    AttemptFacts f = AttemptFacts.scheduled(0).ended(state, "", 100, exit);
    assertEquals(counts, AttemptLifecycle.countsTowardsMaxAttempts(f, 0, 200));
  }

  @ParameterizedTest(name = "failure at {0} with window {1} at now {2} counts: {3}")
  @CsvSource({
      "100, 0, 100000, true",
      "100, 1000, 1000, true",
      "100, 1000, 1101, false",
  })
  void failuresOutsideTheValidityWindowDoNotCount(long finish, long window, long now,
      boolean counts) {
    AttemptFacts f = AttemptFacts.scheduled(0).ended(AttemptState.FAILED, "", finish, 1);
    assertEquals(counts, AttemptLifecycle.countsTowardsMaxAttempts(f, window, now));
  }
}
