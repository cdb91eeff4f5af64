package dev.spindle.mini;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Writes a Hadoop client configuration directory (core-site.xml, yarn-site.xml,
 * mapred-site.xml) for a running Spindle cluster, so that any stock client works with
 * {@code HADOOP_CONF_DIR=<dir>}.
 */
public final class ClientConfWriter {

  private ClientConfWriter() {}

  /**
   * Writes the three files into {@code dir}.
   *
   * @param clusterConf   the running cluster's configuration (real RM addresses)
   * @param classpathJar  the jar whose manifest lists the cluster's classpath; containers of
   *                      stock applications use it as their Hadoop classpath
   */
  public static void write(Configuration clusterConf, Path dir, Path classpathJar)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, String> core = new TreeMap<>();
    core.put("fs.defaultFS", clusterConf.get("fs.defaultFS", "file:///"));
    core.put("hadoop.tmp.dir", clusterConf.get("hadoop.tmp.dir"));

    Map<String, String> yarn = new TreeMap<>();
    for (String key : MiniClusterDefaults.RM_ADDRESS_KEYS) {
      putIfSet(yarn, clusterConf, key);
    }
    yarn.put(YarnConfiguration.YARN_APPLICATION_CLASSPATH, classpathJar.toString());
    putIfSet(yarn, clusterConf, YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB);
    // Where `yarn logs` finds aggregated logs: it reads the same keys the NMs wrote with.
    for (String key : new String[] {YarnConfiguration.LOG_AGGREGATION_ENABLED,
        YarnConfiguration.NM_REMOTE_APP_LOG_DIR, YarnConfiguration.NM_REMOTE_APP_LOG_DIR_SUFFIX,
        YarnConfiguration.LOG_AGGREGATION_FILE_FORMATS, YarnConfiguration.YARN_LOG_SERVER_URL}) {
      putIfSet(yarn, clusterConf, key);
    }
    yarn.putAll(clusterConf.getValByRegex("^yarn\\.log-aggregation\\.file-controller\\..*"));

    Map<String, String> mapred = new TreeMap<>();
    mapred.put("mapreduce.framework.name", "yarn");
    mapred.put("mapreduce.application.classpath", classpathJar.toString());
    // No JobHistoryServer: finished jobs are reported from the RM's application report.
    mapred.put("mapreduce.jobhistory.address", "");
    mapred.put("yarn.app.mapreduce.am.staging-dir",
        clusterConf.get("hadoop.tmp.dir") + "/staging");

    writeFile(dir.resolve("core-site.xml"), core);
    writeFile(dir.resolve("yarn-site.xml"), yarn);
    writeFile(dir.resolve("mapred-site.xml"), mapred);
  }

  private static void putIfSet(Map<String, String> out, Configuration conf, String key) {
    String value = conf.get(key);
    if (value != null) {
      out.put(key, value);
    }
  }

  private static void writeFile(Path file, Map<String, String> props) throws IOException {
    Configuration conf = new Configuration(false);
    props.forEach(conf::set);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      conf.writeXml(out);
    }
    // Readers never see a half-written file.
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
