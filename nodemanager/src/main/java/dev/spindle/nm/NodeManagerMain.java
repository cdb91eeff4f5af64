package dev.spindle.nm;

import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Command-line entry point: reads yarn-site.xml from the classpath (HADOOP_CONF_DIR on it),
 * runs the NodeManager until it is stopped, exits non-zero when it could not start or the
 * RM shut it down.
 */
public final class NodeManagerMain {
  private NodeManagerMain() {}

  public static void main(String[] args) {
    SpindleNodeManager nm = new SpindleNodeManager();
    try {
      nm.init(new YarnConfiguration());
      nm.start();
    } catch (RuntimeException e) {
      System.err.println("Spindle NodeManager failed to start: " + rootMessage(e));
      nm.stop();
      System.exit(1);
      return;
    }
    ShutdownHookManager.get().addShutdownHook(nm::stop, 30);
    System.out.println("Spindle NodeManager " + nm.getNodeId() + " running");
    nm.waitForServiceToStop(Long.MAX_VALUE);
    if (nm.getRmShutdownDiagnostics() != null) {
      System.err.println("Spindle NodeManager stopped: " + nm.getRmShutdownDiagnostics());
      System.exit(2);
    }
  }

  private static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      sb.append(" <- ").append(c.getMessage());
    }
    return sb.toString();
  }
}
