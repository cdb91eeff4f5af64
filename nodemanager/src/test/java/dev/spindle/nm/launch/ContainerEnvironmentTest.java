package dev.spindle.nm.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

class ContainerEnvironmentTest {
  private static List<String> names(List<EnvEntry> env) {
    return env.stream().map(EnvEntry::name).toList();
  }

  private static EnvEntry entry(List<EnvEntry> env, String name) {
    return env.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  @Test
  void whitelistedNmVariablesAreDefaultsOnlyWhenTheAppDidNotSetThem() {
    Configuration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_ENV_WHITELIST, "JAVA_HOME,HADOOP_CONF_DIR,LANG");
    Map<String, String> nm = Map.of("JAVA_HOME", "/jdk", "HADOOP_CONF_DIR", "/etc/hadoop",
        "LANG", "C.UTF-8", "SECRET", "leak");
    List<EnvEntry> env = new ContainerEnvironment(conf, nm).compose(
        Map.of("LANG", "fr_FR"), Map.of("CONTAINER_ID", "c1"));
    assertEquals("export JAVA_HOME=${JAVA_HOME:-\"/jdk\"}", entry(env, "JAVA_HOME").toShell());
    assertTrue(entry(env, "HADOOP_CONF_DIR").onlyIfUnset());
    assertEquals("export LANG=\"fr_FR\"", entry(env, "LANG").toShell(), "the app's value wins");
    assertFalse(names(env).contains("SECRET"), "only whitelisted names are inherited");
  }

  @Test
  void nmOwnedVariablesOverwriteTheApplicationsValues() {
    List<EnvEntry> env = new ContainerEnvironment(new YarnConfiguration(), Map.of()).compose(
        Map.of("USER", "mallory", "X", "1"), Map.of("USER", "alice"));
    assertEquals(1, names(env).stream().filter("USER"::equals).count());
    assertEquals("alice", entry(env, "USER").value());
  }

  @Test
  void adminEnvComesFirstResolvedFromTheNmEnvironment() {
    Configuration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX,A=b");
    List<EnvEntry> env = new ContainerEnvironment(conf, Map.of("MALLOC_ARENA_MAX", "4"))
        .compose(Map.of("Z", "z"), Map.of());
    assertEquals(List.of("MALLOC_ARENA_MAX", "A"), names(env).subList(0, 2));
    assertEquals("4", entry(env, "MALLOC_ARENA_MAX").value());
  }

  @Test
  void applicationVariablesComeAfterTheOnesTheyReference() {
    Map<String, String> app = new LinkedHashMap<>();
    app.put("CLASSPATH", "$CLASSPATH:$APP_HOME/lib:${EXTRA}");
    app.put("APP_HOME", "/opt/app");
    app.put("EXTRA", "$APP_HOME/extra");
    List<String> order = ContainerEnvironment.orderByReferences(app);
    assertEquals(List.of("APP_HOME", "EXTRA", "CLASSPATH"), order);
  }
}
