package dev.spindle.rm.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.HostsFileReader;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The include and exclude host lists (yarn.resourcemanager.nodes.include-path /
 * .exclude-path), read with Hadoop's HostsFileReader as the stock NodesListManager does: a
 * host is admitted when the include list is empty or names it, and the exclude list does
 * not; a name or its IP address counts.
 */
final class HostLists implements Predicate<String> {

  private final Set<String> include;
  private final Set<String> exclude;

  private HostLists(Set<String> include, Set<String> exclude) {
    this.include = include;
    this.exclude = exclude;
  }

  /** Reads the files the configuration names (missing keys: nobody is refused). */
  static HostLists read(Configuration conf) throws IOException {
    String includes = conf.get(YarnConfiguration.RM_NODES_INCLUDE_FILE_PATH,
        YarnConfiguration.DEFAULT_RM_NODES_INCLUDE_FILE_PATH);
    String excludes = conf.get(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH,
        YarnConfiguration.DEFAULT_RM_NODES_EXCLUDE_FILE_PATH);
    HostsFileReader reader = new HostsFileReader(includes, excludes);
    return new HostLists(Set.copyOf(reader.getHosts()), Set.copyOf(reader.getExcludedHosts()));
  }

  @Override
  public boolean test(String host) {
    String ip = ipOf(host);
    if (!include.isEmpty() && !include.contains(host) && !include.contains(ip)) {
      return false;
    }
    return !exclude.contains(host) && !exclude.contains(ip);
  }

  private static String ipOf(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      return host;
    }
  }
}
