package dev.spindle.nm.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Composes a container's environment in script order (yarn-compat 4.5): admin env,
 * whitelist defaults from the NM's own environment, the application's variables (ordered
 * so references between them resolve), then the NM-owned variables, which always win.
 */
public final class ContainerEnvironment {
  private static final Pattern REF = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  private final Configuration conf;
  private final Map<String, String> nmEnv;

  /**
   * @param nmEnv the NM process environment (System.getenv() in production)
   */
  public ContainerEnvironment(Configuration conf, Map<String, String> nmEnv) {
    this.conf = conf;
    this.nmEnv = nmEnv;
  }

  /**
   * @param appEnv the application's variables, markers already expanded
   * @param nmOwned CONTAINER_ID, NM_HOST, ... (always overwrite the application's values)
   */
  public List<EnvEntry> compose(Map<String, String> appEnv, Map<String, String> nmOwned) {
    List<EnvEntry> out = new ArrayList<>();
    Map<String, String> app = new LinkedHashMap<>(appEnv);
    app.keySet().removeAll(nmOwned.keySet());
    for (Map.Entry<String, String> e : adminEnv().entrySet()) {
      if (!app.containsKey(e.getKey()) && !nmOwned.containsKey(e.getKey())) {
        out.add(new EnvEntry(e.getKey(), e.getValue(), false));
      }
    }
    for (String name : conf.getTrimmedStrings(YarnConfiguration.NM_ENV_WHITELIST,
        YarnConfiguration.DEFAULT_NM_ENV_WHITELIST.split(","))) {
      String value = nmValue(name);
      if (value != null && !app.containsKey(name) && !nmOwned.containsKey(name)) {
        out.add(new EnvEntry(name, value, true));
      }
    }
    // NM-owned first among the explicit exports so application values may refer to them
    // ({{PWD}}, {{LOG_DIRS}} ...); the application cannot override them.
    for (Map.Entry<String, String> e : nmOwned.entrySet()) {
      out.add(new EnvEntry(e.getKey(), e.getValue(), false));
    }
    for (String name : orderByReferences(app)) {
      out.add(new EnvEntry(name, app.get(name), false));
    }
    return out;
  }

  /** The NM's value for a whitelisted name; JAVA_HOME falls back to the NM's own JVM. */
  private String nmValue(String name) {
    String v = nmEnv.get(name);
    if ((v == null || v.isEmpty()) && name.equals("JAVA_HOME")) {
      v = System.getProperty("java.home");
    }
    return v == null || v.isEmpty() ? null : v;
  }

  /** yarn.nodemanager.admin-env: K=V pairs, $X resolved from the NM env; empty ones dropped. */
  Map<String, String> adminEnv() {
    Map<String, String> out = new LinkedHashMap<>();
    String spec = conf.get(YarnConfiguration.NM_ADMIN_USER_ENV,
        YarnConfiguration.DEFAULT_NM_ADMIN_USER_ENV);
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = pair.substring(0, eq).trim();
      Matcher m = REF.matcher(pair.substring(eq + 1).trim());
      StringBuilder value = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(value, Matcher.quoteReplacement(nmEnv.getOrDefault(m.group(1), "")));
      }
      m.appendTail(value);
      if (value.length() > 0) {
        out.put(name, value.toString());
      }
    }
    return out;
  }

  /** A variable comes after the application variables it references (cycles keep order). */
  static List<String> orderByReferences(Map<String, String> env) {
    Set<String> done = new LinkedHashSet<>();
    for (String name : env.keySet()) {
      visit(name, env, done, new LinkedHashSet<>());
    }
    return new ArrayList<>(done);
  }

  private static void visit(String name, Map<String, String> env, Set<String> done,
      Set<String> visiting) {
    if (done.contains(name) || !visiting.add(name)) {
      return;
    }
    Matcher m = REF.matcher(env.get(name));
    while (m.find()) {
      String ref = m.group(1);
      if (!ref.equals(name) && env.containsKey(ref)) {
        visit(ref, env, done, visiting);
      }
    }
    done.add(name);
  }
}
