package dev.spindle.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Stock-shaped beans: names, tag and metric attributes, duplicates, withdrawal. */
class JmxPublisherTest {

  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private static StockGroup group() {
    StockGroup g = new StockGroup("QueueMetrics", "QueueMetrics,q0=root,q1=a",
        Map.of("Queue", "root.a"));
    g.add("AppsRunning", StockGroup.Kind.GAUGE, StockGroup.Type.INT, "# of running apps");
    g.add("AllocatedMB", StockGroup.Kind.GAUGE, StockGroup.Type.LONG, "Allocated MB");
    return g;
  }

  @Test
  void aSecondDaemonGetsTheMiniClusterSuffixAndEachTakesOnlyItsOwnBeansOut() throws Exception {
    StockGroup first = group();
    StockGroup second = group();
    first.set("AppsRunning", 2);
    second.set("AllocatedMB", 4096L);
    try (JmxPublisher a = new JmxPublisher("TestService");
        JmxPublisher b = new JmxPublisher("TestService")) {
      ObjectName na = a.publish(first);
      ObjectName nb = b.publish(second);
      assertEquals("Hadoop:service=TestService,name=QueueMetrics,q0=root,q1=a",
          na.toString());
      assertEquals("Hadoop:service=TestService,name=QueueMetrics,q0=root,q1=a-1",
          nb.toString());
      assertEquals(2, JMX.getAttribute(na, "AppsRunning"));
      assertEquals(0L, JMX.getAttribute(na, "AllocatedMB"));
      assertEquals(4096L, JMX.getAttribute(nb, "AllocatedMB"));
      assertEquals("root.a", JMX.getAttribute(na, "tag.Queue"));
      b.withdraw(second);
      assertFalse(JMX.isRegistered(nb));
      assertEquals(2, JMX.getAttribute(na, "AppsRunning"));
      a.close();
      assertFalse(JMX.isRegistered(na));
    }
  }
}
