package dev.spindle.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds Hadoop-style XML configuration files in memory for the scheduler tests. */
final class ConfigFiles {

  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> properties = new LinkedHashMap<>();

  /** Adds {@code yarn.scheduler.capacity.<key>} properties, given as key, value pairs. */
  ConfigFiles capacity(String... pairs) {
    return put(CapacityConfig.FILE, CapacityConfigParser.PREFIX, pairs);
  }

  /** Adds yarn-site.xml properties, given as full key, value pairs. */
  ConfigFiles yarnSite(String... pairs) {
    return put(CapacityConfigParser.YARN_SITE, "", pairs);
  }

  /** Sets fair-scheduler.xml to {@code <allocations>} around the given elements. */
  ConfigFiles fair(String... elements) {
    return raw(FairConfig.FILE, "<?xml version=\"1.0\"?>\n<allocations>\n"
        + String.join("\n", elements) + "\n</allocations>\n");
  }

  /** Sets a file's raw text, e.g. to make it malformed. */
  ConfigFiles raw(String file, String text) {
    files.put(file, text);
    return this;
  }

  private ConfigFiles put(String file, String prefix, String... pairs) {
    Map<String, String> props = properties.computeIfAbsent(file, f -> new LinkedHashMap<>());
    for (int i = 0; i < pairs.length; i += 2) {
      props.put(prefix + pairs[i], pairs[i + 1]);
    }
    return this;
  }

  SchedulerConfigSource source() {
    Map<String, String> all = new LinkedHashMap<>(files);
    properties.forEach((file, props) -> all.putIfAbsent(file, xml(props)));
    return SchedulerConfigSource.of(all);
  }

  static String xml(Map<String, String> props) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    props.forEach((k, v) -> sb.append("  <property><name>").append(k)
        .append("</name><value>").append(v).append("</value></property>\n"));
    return sb.append("</configuration>\n").toString();
  }
}
