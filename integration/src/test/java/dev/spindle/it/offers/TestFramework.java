package dev.spindle.it.offers;

import dev.spindle.framework.FrameworkInfo;
import dev.spindle.framework.OfferDriver;
import dev.spindle.framework.UnmanagedFramework;
import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * A framework for tests: an unmanaged AM in the test's JVM, driven through the real offer
 * protocol by {@link OfferDriver}, recording everything it hears ({@link Recorder}).
 */
final class TestFramework extends Recorder implements AutoCloseable {

  final UnmanagedFramework app;
  final OfferDriver driver;

  TestFramework(Configuration conf, String name, String queue) throws Exception {
    this(conf, name, queue, java.util.Set.of());
  }

  TestFramework(Configuration conf, String name, String queue,
      java.util.Set<dev.spindle.framework.Capability> capabilities) throws Exception {
    app = UnmanagedFramework.submit(conf, name, queue, Duration.ofSeconds(60));
    driver = app.driver(this, new FrameworkInfo(name, capabilities, "localhost", -1, null),
        conf);
  }

  TestFramework start() throws IOException {
    driver.start();
    return this;
  }

  @Override
  public void close() throws Exception {
    try {
      driver.stop();
    } finally {
      app.close();
    }
  }
}
