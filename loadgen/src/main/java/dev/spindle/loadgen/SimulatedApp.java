package dev.spindle.loadgen;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * One simulated application of a load run: a request-based AM ({@link FakeAm}) or an offer
 * framework ({@link FakeFramework}). Beats of one app never overlap.
 */
interface SimulatedApp {

  /** Submitted, launched, registered: ready to beat. False (with the reason told) otherwise. */
  boolean start(YarnClient yarn, Configuration conf, long deadlineNanos) throws Exception;

  /** One call to the RM (allocate, or poll and the accepts it leads to). */
  void beat();

  boolean isDone();

  void close();
}
