package dev.spindle.framework;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ContainerId;

/** A framework scheduler that writes each callback as a line, and may act on offers. */
class RecordingScheduler implements FrameworkScheduler {

  /** What to do with offers, on the callback thread. */
  interface OfferAction {
    void on(FrameworkDriver driver, List<Offer> offers) throws IOException;
  }

  final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private final OfferAction onOffers;

  RecordingScheduler() {
    this((d, o) -> { });
  }

  RecordingScheduler(OfferAction onOffers) {
    this.onOffers = onOffers;
  }

  /** The next callback line, waiting generously for it. */
  String next() throws InterruptedException {
    String line = log.poll(60, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no callback within 60 s");
    }
    return line;
  }

  @Override
  public void registered(FrameworkDriver driver, Registration r) {
    log.add("registered " + r.frameworkId() + " " + r.queue());
  }

  @Override
  public void resourceOffers(FrameworkDriver driver, List<Offer> offers) {
    log.add("offers " + offers.stream().map(o -> o.id() + "@" + o.host() + o.resources()).toList());
    try {
      onOffers.on(driver, offers);
    } catch (IOException e) {
      log.add("refused " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  @Override
  public void offerRescinded(FrameworkDriver driver, OfferId offerId, RescindReason reason) {
    log.add("rescinded " + offerId + " " + reason);
  }

  @Override
  public void statusUpdate(FrameworkDriver driver, TaskStatus s) {
    log.add("status " + s.tag() + " " + s.state() + " " + s.exitStatus()
        + (s.revoked() ? " revoked" : ""));
  }

  @Override
  public void revocationWarning(FrameworkDriver driver, List<ContainerId> containers,
      Instant deadline) {
    log.add("revocation " + containers + " at " + deadline.toEpochMilli());
  }

  @Override
  public void inverseOffer(FrameworkDriver driver, InverseOffer inverse) {
    log.add("inverse " + inverse.id() + " " + inverse.host() + " at "
        + inverse.unavailableAt().toEpochMilli() + " " + inverse.containers());
  }

  @Override
  public void error(FrameworkDriver driver, String message) {
    log.add("error " + message);
  }
}
