package dev.spindle.rm.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.scheduler.SchedulerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/** Every sample configuration shipped in conf/etc/hadoop loads, and the RM starts on it. */
class SampleConfTest {

  /** The module's tests run in resourcemanager/; the samples are beside it. */
  private static final Path SAMPLES = Path.of("..", "conf", "etc", "hadoop");

  @Test
  void everyHadoopStyleFileParses() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      List<Path> xml = files.filter(f -> f.toString().endsWith(".xml"))
          .filter(f -> !f.getFileName().toString().equals("fair-scheduler.xml")).toList();
      assertTrue(xml.size() >= 4, xml.toString());
      for (Path f : xml) {
        Configuration c = new Configuration(false);
        c.addResource(new org.apache.hadoop.fs.Path(f.toAbsolutePath().toUri()));
        assertTrue(c.size() > 0, f + " has no properties");
      }
    }
  }

  @Test
  void theRmStartsOnTheSampleCapacityFile() throws Exception {
    YarnConfiguration conf = sampleConf();
    assertEquals(SchedulerRegistry.STOCK_CAPACITY, conf.get(YarnConfiguration.RM_SCHEDULER));
    List<String> leaves = startAndListRootChildren(conf);
    assertEquals(List.of("default", "batch"), leaves);
  }

  @Test
  void theRmStartsOnTheSampleAllocationFile() throws Exception {
    YarnConfiguration conf = sampleConf();
    conf.set(YarnConfiguration.RM_SCHEDULER, SchedulerRegistry.STOCK_FAIR);
    List<String> queues = startAndListRootChildren(conf);
    assertTrue(queues.containsAll(List.of("prod", "dev", "adhoc")), queues.toString());
    assertFalse(queues.isEmpty());
  }

  private static YarnConfiguration sampleConf() {
    YarnConfiguration conf = TestConf.ephemeral();
    conf.addResource(new org.apache.hadoop.fs.Path(
        SAMPLES.resolve("yarn-site.xml").toAbsolutePath().toUri()));
    for (String key : List.of(YarnConfiguration.RM_ADDRESS,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      conf.set(key, "localhost:0");
    }
    conf.set(SchedulerFiles.CONF_DIR_KEY, SAMPLES.toAbsolutePath().toString());
    return conf;
  }

  private static List<String> startAndListRootChildren(YarnConfiguration conf)
      throws Exception {
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
    YarnClient client = YarnClient.createYarnClient();
    try {
      client.init(new YarnConfiguration(rm.getConfig()));
      client.start();
      return client.getChildQueueInfos("root").stream().map(QueueInfo::getQueueName).toList();
    } finally {
      client.stop();
      rm.stop();
    }
  }
}
