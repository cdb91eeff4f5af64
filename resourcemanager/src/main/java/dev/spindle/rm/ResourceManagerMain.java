package dev.spindle.rm;

import java.io.File;
import java.net.BindException;
import dev.spindle.rm.ha.HaResourceManager;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Runs a Spindle ResourceManager as a process: loads yarn-site.xml (classpath, or
 * $HADOOP_CONF_DIR), starts the RM (an HA member when yarn.resourcemanager.ha.enabled), and
 * stops it on SIGTERM.
 */
public final class ResourceManagerMain {

  private ResourceManagerMain() {}

  public static void main(String[] args) {
    YarnConfiguration conf = new YarnConfiguration();
    String confDir = System.getenv("HADOOP_CONF_DIR");
    if (confDir != null) {
      for (String name : new String[] {"core-site.xml", "yarn-site.xml"}) {
        File f = new File(confDir, name);
        if (f.isFile()) {
          conf.addResource(new Path(f.getAbsolutePath()));
        }
      }
      // The scheduler files (capacity-scheduler.xml, fair-scheduler.xml) come from here too.
      conf.set(dev.spindle.rm.queues.SchedulerFiles.CONF_DIR_KEY, confDir);
    }
    // An HA member runs the RM only while active; its admin (HA) port is always up.
    Service rm = HAUtil.isHAEnabled(conf) ? new HaResourceManager() : new SpindleResourceManager();
    try {
      rm.init(conf);
      rm.start();
    } catch (RuntimeException e) {
      BindException bind = bindCause(e);
      if (bind != null) {
        System.err.println("spindle-rm: cannot start, a port is already in use: "
            + bind.getMessage());
      } else {
        System.err.println("spindle-rm: cannot start: " + e);
      }
      rm.stop();
      System.exit(1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(rm::stop, "spindle-rm-shutdown"));
    rm.waitForServiceToStop(Long.MAX_VALUE);
  }

  private static BindException bindCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException b) {
        return b;
      }
    }
    return null;
  }
}
