package dev.spindle.metrics;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one daemon's {@link StockGroup}s in the platform MBean server under the stock
 * names, {@code Hadoop:service=<service>,name=<jmxName>}, and takes them out again when the
 * daemon stops.
 *
 * <p>Several daemons in one JVM (mini clusters, tests) would want the same names. The first
 * gets the stock name; a later one gets the stock name with {@code -1}, {@code -2}, ...
 * appended, as Hadoop's DefaultMetricsSystem names duplicates in mini-cluster mode, and a
 * warning, never a failure.
 */
public final class JmxPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JmxPublisher.class);

  private final String service;
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final Map<StockGroup, ObjectName> registered = new LinkedHashMap<>();

  /** @param service the stock service name: ResourceManager, NodeManager */
  public JmxPublisher(String service) {
    this.service = service;
  }

  /** The stock name of a group's bean (before any de-duplication suffix). */
  public String stockName(StockGroup group) {
    return "Hadoop:service=" + service + ",name=" + group.jmxName();
  }

  /** Registers the group's bean; returns the name it got, or null if JMX refused it. */
  public synchronized ObjectName publish(StockGroup group) {
    String base = stockName(group);
    for (int i = 0; ; i++) {
      String candidate = i == 0 ? base : base + "-" + i;
      try {
        ObjectName name = new ObjectName(candidate);
        server.registerMBean(new StockMBean(group), name);
        if (i > 0) {
          LOG.warn("MBean {} already exists (another daemon in this JVM); registered {}",
              base, candidate);
        }
        registered.put(group, name);
        return name;
      } catch (InstanceAlreadyExistsException e) {
        // Try the next suffix.
      } catch (JMException e) {
        // A queue or user name JMX cannot carry (stock fails the same way): not published.
        LOG.warn("Cannot register MBean {}", candidate, e);
        return null;
      }
    }
  }

  /** Takes a group's bean out (a queue that was removed). */
  public synchronized void withdraw(StockGroup group) {
    ObjectName name = registered.remove(group);
    if (name != null) {
      unregister(name);
    }
  }

  /** The name a group was registered under, or null. */
  public synchronized ObjectName nameOf(StockGroup group) {
    return registered.get(group);
  }

  private void unregister(ObjectName name) {
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      LOG.debug("MBean {} was already gone", name);
    } catch (JMException e) {
      LOG.warn("Could not unregister MBean {}", name, e);
    }
  }

  /** Takes every bean this publisher registered out of the MBean server. */
  @Override
  public synchronized void close() {
    registered.values().forEach(this::unregister);
    registered.clear();
  }
}
