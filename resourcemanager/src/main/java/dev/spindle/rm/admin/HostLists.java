package dev.spindle.rm.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.HostsFileReader;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The include and exclude host lists (yarn.resourcemanager.nodes.include-path /
 * .exclude-path), read with Hadoop's HostsFileReader as the stock NodesListManager does: a
 * host is admitted when the include list is empty or names it, and the exclude list does
 * not; a name or its IP address counts. An exclude file in the XML form may give a host its
 * own graceful-decommission timeout ({@code <host><name>h</name><timeout>s</timeout></host>}).
 */
final class HostLists implements Predicate<String> {

  private final Set<String> include;
  private final Set<String> exclude;
  /** Per-host timeouts in seconds from the XML exclude form; absent or null: none given. */
  private final Map<String, Integer> excludeTimeouts;

  private HostLists(Set<String> include, Map<String, Integer> excludeTimeouts) {
    this.include = include;
    this.exclude = Set.copyOf(excludeTimeouts.keySet());
    this.excludeTimeouts = excludeTimeouts;
  }

  /** Reads the files the configuration names (missing keys: nobody is refused). */
  static HostLists read(Configuration conf) throws IOException {
    String includes = conf.get(YarnConfiguration.RM_NODES_INCLUDE_FILE_PATH,
        YarnConfiguration.DEFAULT_RM_NODES_INCLUDE_FILE_PATH);
    String excludes = conf.get(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH,
        YarnConfiguration.DEFAULT_RM_NODES_EXCLUDE_FILE_PATH);
    HostsFileReader.HostDetails details = new HostsFileReader(includes, excludes).getHostDetails();
    // HashMap, not Map.copyOf: hosts without a timeout map to null.
    return new HostLists(Set.copyOf(details.getIncludedHosts()),
        new HashMap<>(details.getExcludedMap()));
  }

  /**
   * The host's own graceful-decommission timeout in seconds, null when the exclude file gives
   * none. Looked up by host name only, as the stock NodesListManager does.
   */
  Integer timeoutSecs(String host) {
    return excludeTimeouts.get(host);
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
