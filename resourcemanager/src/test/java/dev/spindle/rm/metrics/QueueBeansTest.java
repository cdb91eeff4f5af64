package dev.spindle.rm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.queues.SchedulerFiles;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One QueueMetrics bean per queue of a Capacity tree, named q0, q1, q2 as stock names them,
 * kept in step with refreshQueues.
 */
class QueueBeansTest {

  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
  private static final String PREFIX = "Hadoop:service=ResourceManager,name=QueueMetrics";

  @TempDir Path confDir;
  private SpindleResourceManager rm;

  @BeforeEach
  void start() throws Exception {
    capacity("root.queues", "a,b", "root.a.capacity", "50", "root.b.capacity", "50",
        "root.a.queues", "x,y", "root.a.x.capacity", "50", "root.a.y.capacity", "50");
    YarnConfiguration conf = TestConf.ephemeral();
    conf.set(SchedulerFiles.CONF_DIR_KEY, confDir.toString());
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler");
    conf.setLong(RmMetrics.SAMPLE_INTERVAL_KEY, 50);
    rm = new SpindleResourceManager();
    rm.init(conf);
    rm.start();
  }

  @AfterEach
  void stop() {
    rm.stop();
  }

  @Test
  void everyQueueHasItsStockNamedBeanAndRefreshesAddAndRemoveThem() throws Exception {
    assertEquals(Set.of(PREFIX + ",q0=root", PREFIX + ",q0=root,q1=a",
        PREFIX + ",q0=root,q1=a,q2=x", PREFIX + ",q0=root,q1=a,q2=y",
        PREFIX + ",q0=root,q1=b"), beans());
    assertEquals("root.a.x",
        JMX.getAttribute(new ObjectName(PREFIX + ",q0=root,q1=a,q2=x"), "tag.Queue"));

    // Stock removes a queue only once it is stopped: stop b, then drop it and add c.
    capacity("root.queues", "a,b", "root.a.capacity", "50", "root.b.capacity", "50",
        "root.b.state", "STOPPED",
        "root.a.queues", "x,y", "root.a.x.capacity", "50", "root.a.y.capacity", "50");
    rm.queues().refreshQueues();
    capacity("root.queues", "a,c", "root.a.capacity", "50", "root.c.capacity", "50",
        "root.a.queues", "x,y", "root.a.x.capacity", "50", "root.a.y.capacity", "50");
    rm.queues().refreshQueues();
    rm.metrics().sampleNow();
    Set<String> now = beans();
    assertTrue(now.contains(PREFIX + ",q0=root,q1=c"), now.toString());
    assertFalse(now.contains(PREFIX + ",q0=root,q1=b"), now.toString());
    assertEquals(5, now.size(), now.toString());
  }

  private Set<String> beans() throws Exception {
    Set<String> out = new TreeSet<>();
    for (ObjectName n : JMX.queryNames(new ObjectName(PREFIX + ",*"), null)) {
      out.add(n.toString());
    }
    return out;
  }

  private void capacity(String... keyValues) throws Exception {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      xml.append("  <property><name>yarn.scheduler.capacity.").append(keyValues[i])
          .append("</name><value>").append(keyValues[i + 1]).append("</value></property>\n");
    }
    xml.append("</configuration>\n");
    Files.writeString(confDir.resolve("capacity-scheduler.xml"), xml.toString());
  }
}
