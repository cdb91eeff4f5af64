package dev.spindle.rm;

import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** Configuration for tests: every RM port ephemeral on localhost. */
public final class TestConf {

  private TestConf() {}

  public static YarnConfiguration ephemeral() {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.RM_SCHEDULER_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.RM_ADMIN_ADDRESS, "localhost:0");
    conf.set(YarnConfiguration.RM_WEBAPP_ADDRESS, "localhost:0");
    // Small handler pools keep the test JVM light.
    conf.setInt(YarnConfiguration.RM_CLIENT_THREAD_COUNT, 4);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_CLIENT_THREAD_COUNT, 4);
    conf.setInt(YarnConfiguration.RM_RESOURCE_TRACKER_CLIENT_THREAD_COUNT, 4);
    return conf;
  }
}
