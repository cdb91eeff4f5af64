package dev.spindle.rm.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tags every stock YARN record carries after its own: Context=yarn and Hostname. */
final class StockTags {

  private static final String HOSTNAME = hostname();

  private StockTags() {}

  /** {@code own} followed by Context and Hostname, as metrics2 orders them. */
  static Map<String, String> yarn(Map<String, String> own) {
    Map<String, String> tags = new LinkedHashMap<>(own);
    tags.put("Context", "yarn");
    tags.put("Hostname", HOSTNAME);
    return tags;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
