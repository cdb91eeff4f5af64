package dev.spindle.rm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationTimeoutType;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.Times;
import org.junit.jupiter.api.Test;

/** Priority and lifetime changes: capped, validated, enforced, and kept across a restart. */
class AppUpdatesTest {

  private final CoreHarness h = new CoreHarness(conf());

  private static YarnConfiguration conf() {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setInt(YarnConfiguration.MAX_CLUSTER_LEVEL_APPLICATION_PRIORITY, 10);
    return conf;
  }

  @Test
  void aPriorityIsCappedAndKeptAcrossARestart() throws Exception {
    ApplicationId app = h.submit(1024, 1);
    assertEquals(7, h.core.updatePriority(app, 7));
    assertEquals(10, h.core.updatePriority(app, 99));
    assertEquals(10, h.report(app).getPriority().getPriority());

    CoreHarness after = new CoreHarness(conf());
    after.core.recover(h.records, 2);
    assertEquals(10, after.report(app).getPriority().getPriority());
  }

  @Test
  void aLifetimeEndsTheApplicationAndSurvivesARestart() throws Exception {
    // Two attempts: with one, stock fails the application when the restart ends its attempt.
    ApplicationId app = h.submit(1024, 2);
    long expiry = h.clock.getTime() + 30_000;
    h.core.updateTimeouts(app, Map.of(ApplicationTimeoutType.LIFETIME,
        Times.formatISO8601(expiry)));
    ApplicationReport r = h.report(app);
    assertEquals(30, r.getApplicationTimeouts().get(ApplicationTimeoutType.LIFETIME)
        .getRemainingTime());

    CoreHarness after = new CoreHarness(conf());
    after.clock.advance(h.clock.getTime() - after.clock.getTime());
    after.core.recover(h.records, 2);
    after.clock.advance(29_000);
    after.core.checkLiveness();
    assertEquals(YarnApplicationState.ACCEPTED,
        after.report(app).getYarnApplicationState());
    after.clock.advance(2_000);
    after.core.checkLiveness();
    ApplicationReport killed = after.report(app);
    assertEquals(YarnApplicationState.KILLED, killed.getYarnApplicationState());
    assertEquals(AppUpdates.LIFETIME_EXCEEDED, killed.getDiagnostics());
  }

  @Test
  void badExpiryTimesAreRefusedWithTheStockMessages() throws Exception {
    ApplicationId app = h.submit(1024, 1);
    Refusal notIso = assertThrows(Refusal.class, () -> h.core.updateTimeouts(app,
        Map.of(ApplicationTimeoutType.LIFETIME, "tomorrow")));
    assertTrue(notIso.getMessage().startsWith("Expire time is not in ISO8601 format"));
    Refusal past = assertThrows(Refusal.class, () -> h.core.updateTimeouts(app,
        Map.of(ApplicationTimeoutType.LIFETIME, Times.formatISO8601(h.clock.getTime() - 1))));
    assertTrue(past.getMessage().startsWith("Expire time is less than current time"));
    assertThrows(Refusal.class, () -> h.core.updateTimeouts(app, Map.of()));
  }

  @Test
  void theFifoPolicyRefusesMoves() {
    ApplicationId app = h.submit(1024, 1);
    Refusal e = assertThrows(Refusal.class, () -> h.core.moveApplication(app, "other"));
    assertTrue(e.getMessage().contains("does not support moving"), e.getMessage());
  }
}
