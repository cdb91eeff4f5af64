package dev.spindle.mini;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Loads a Hadoop configuration directory the way the stock daemons do (core-site.xml,
 * yarn-site.xml, mapred-site.xml over the built-in defaults) and checks it first, so that a
 * bad file or value is reported with the file and key named instead of a stack trace.
 */
public final class ConfDir {

  /** The site files a daemon reads, in the order Hadoop applies them. */
  static final List<String> SITE_FILES = List.of("core-site.xml", "yarn-site.xml", "mapred-site.xml");

  /** Keys whose values must be whole numbers, checked up front. */
  private static final List<String> INTEGER_KEYS = List.of(
      YarnConfiguration.NM_PMEM_MB,
      YarnConfiguration.NM_VCORES,
      YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB,
      YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB,
      YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_VCORES,
      YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES,
      YarnConfiguration.RM_AM_MAX_ATTEMPTS,
      YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS,
      YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS);

  /** Keys whose values must be host:port addresses. */
  private static final List<String> ADDRESS_KEYS = List.of(
      YarnConfiguration.RM_ADDRESS,
      YarnConfiguration.RM_SCHEDULER_ADDRESS,
      YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
      YarnConfiguration.NM_ADDRESS);

  private ConfDir() {}

  /** A configuration problem a user must fix; its message names the file and the key. */
  public static final class BadConfigException extends Exception {
    BadConfigException(String message) {
      super(message);
    }
  }

  /**
   * Loads {@code dir} (null = only the built-in defaults and the classpath).
   *
   * @throws BadConfigException naming the file (and key) that is wrong
   */
  public static YarnConfiguration load(Path dir) throws BadConfigException {
    YarnConfiguration conf = new YarnConfiguration();
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        throw new BadConfigException("Configuration directory " + dir + " does not exist");
      }
      for (String name : SITE_FILES) {
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file)) {
          checkParses(file);
          conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
        }
      }
      // The RM reads capacity-scheduler.xml / the allocation file from here, as the stock RM
      // finds them in HADOOP_CONF_DIR on its classpath.
      conf.set(dev.spindle.rm.queues.SchedulerFiles.CONF_DIR_KEY,
          dir.toAbsolutePath().toString());
    }
    checkValues(conf);
    return conf;
  }

  /**
   * Parses one file on its own so that a malformed one is named, with the line and column.
   * The JDK parser is used first because Hadoop's logs a stack trace before it throws.
   */
  static void checkParses(Path file) throws BadConfigException {
    try {
      javax.xml.parsers.DocumentBuilderFactory factory =
          javax.xml.parsers.DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      builder.parse(file.toFile());
    } catch (org.xml.sax.SAXParseException e) {
      throw new BadConfigException("Bad configuration file " + file + " (line "
          + e.getLineNumber() + ", column " + e.getColumnNumber() + "): " + e.getMessage());
    } catch (Exception e) {
      throw new BadConfigException("Bad configuration file " + file + ": " + rootMessage(e));
    }
    Configuration probe = new Configuration(false);
    probe.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
    try {
      probe.size(); // Hadoop's own reading (e.g. an unknown root element)
    } catch (RuntimeException e) {
      throw new BadConfigException("Bad configuration file " + file + ": " + rootMessage(e));
    }
  }

  static void checkValues(Configuration conf) throws BadConfigException {
    for (String key : INTEGER_KEYS) {
      String value = conf.getTrimmed(key);
      if (value == null) {
        continue;
      }
      try {
        Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new BadConfigException("Bad value '" + value + "' for " + key + " in "
            + source(conf, key) + ": not a whole number");
      }
    }
    for (String key : ADDRESS_KEYS) {
      String value = conf.getTrimmed(key);
      if (value == null) {
        continue;
      }
      int colon = value.lastIndexOf(':');
      boolean ok = colon > 0;
      if (ok) {
        try {
          int port = Integer.parseInt(value.substring(colon + 1));
          ok = port >= 0 && port <= 65535;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new BadConfigException("Bad value '" + value + "' for " + key + " in "
            + source(conf, key) + ": expected host:port");
      }
    }
  }

  private static String source(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null || sources.length == 0) {
      return "the configuration";
    }
    return sources[sources.length - 1];
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** The files of a conf dir that exist, for messages. */
  static String describe(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String name : SITE_FILES) {
      if (Files.isRegularFile(dir.resolve(name))) {
        sb.append(sb.length() == 0 ? "" : ", ").append(dir.resolve(name));
      }
    }
    return sb.length() == 0 ? "(no site files in " + dir + ")" : sb.toString();
  }

  /** The classpath of this JVM, for containers of the cluster. */
  static String ownClasspath() {
    return System.getProperty("java.class.path", "") + File.pathSeparator;
  }

  /**
   * Each RM's web base (scheme://host:port) a client configuration names: every RM of an HA
   * group (a standby answers 503 or redirects), else the one RM.
   */
  static List<String> rmWebBases(YarnConfiguration conf) {
    List<String> out = new java.util.ArrayList<>();
    if (org.apache.hadoop.yarn.conf.HAUtil.isHAEnabled(conf)) {
      for (String id : org.apache.hadoop.yarn.conf.HAUtil.getRMHAIds(conf)) {
        YarnConfiguration one = new YarnConfiguration(conf);
        one.set(YarnConfiguration.RM_HA_ID, id);
        out.add(org.apache.hadoop.yarn.webapp.util.WebAppUtils.getRMWebAppURLWithScheme(one));
      }
    } else {
      out.add(org.apache.hadoop.yarn.webapp.util.WebAppUtils.getRMWebAppURLWithScheme(conf));
    }
    return out;
  }
}
