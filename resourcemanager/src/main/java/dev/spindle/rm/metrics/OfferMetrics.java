package dev.spindle.rm.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.function.LongSupplier;

/**
 * Offer mode's counts, in Spindle's Prometheus families {@code spindle_rm_offers_*}. The
 * offer side of the RM calls the counters ({@code offers().accepted().inc()}) and registers
 * the outstanding-offers count once with {@link #outstanding(LongSupplier)}; until then every
 * family is present at 0.
 *
 * <p>The supplier is read on scrape threads: it must read a value the event loop publishes
 * (a volatile or atomic count), never loop-owned state.
 */
public final class OfferMetrics {

  private final Counter made;
  private final Counter accepted;
  private final Counter declined;
  private final Counter rescinded;
  private volatile LongSupplier outstanding = () -> 0;

  OfferMetrics(MetricRegistry registry) {
    made = registry.counter("spindle_rm_offers_made_total");
    accepted = registry.counter("spindle_rm_offers_accepted_total");
    declined = registry.counter("spindle_rm_offers_declined_total");
    rescinded = registry.counter("spindle_rm_offers_rescinded_total");
    registry.register("spindle_rm_offers_outstanding",
        (Gauge<Long>) () -> outstanding.getAsLong());
  }

  /** Offers sent to frameworks. */
  public Counter made() {
    return made;
  }

  /** Offers a framework accepted (launched on). */
  public Counter accepted() {
    return accepted;
  }

  /** Offers a framework declined. */
  public Counter declined() {
    return declined;
  }

  /** Offers the RM took back (timeout, node lost, preemption). */
  public Counter rescinded() {
    return rescinded;
  }

  /** Where the number of offers outstanding now is read (a loop-published count). */
  public void outstanding(LongSupplier count) {
    this.outstanding = count;
  }
}
