package dev.spindle.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.it.bench.ChildRms;
import dev.spindle.mini.EmbeddedZooKeeper;
import dev.spindle.mini.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.ConfiguredRMFailoverProxyProvider;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HA as an operator deploys it: {@code bin/spindle resourcemanager --conf-dir DIR} for each
 * member, every conf dir holding the same HA yarn-site.xml. The stock {@code yarn rmadmin}
 * (RMAdminCLI) reports one active and one standby; after a kill -9 of the active the other
 * takes over and a stock YarnClient, through ConfiguredRMFailoverProxyProvider, is served by it.
 * A member without {@code yarn.resourcemanager.ha.id} finds its id by its local address, as the
 * stock RM does (HAUtil#getRMHAId); a configuration naming no usable id stops the daemon with
 * one line before it binds anything.
 */
class LauncherHaTest {

  private static final long TIMEOUT_MS = 90_000;

  @TempDir
  File dir;
  private EmbeddedZooKeeper zk;
  private final List<Process> rms = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : rms) {
      p.destroyForcibly().waitFor();
    }
    if (zk != null) {
      zk.close();
    }
  }

  @Test
  void aPairStartedByTheLauncherFailsOverAfterKillOfTheActive() throws Exception {
    zk = EmbeddedZooKeeper.start(new File(dir, "zk"), 0);
    Configuration conf = clientConf(ChildRms.haConf(zk.connectString(), "launcher-ha"));
    for (String id : ChildRms.IDS) {
      // conf-<id>/yarn-site.xml: the shared HA configuration plus yarn.resourcemanager.ha.id.
      rms.add(ChildRms.launchSpindle(dir, conf, id));
    }
    Map<String, String> states = awaitStates(conf, "active", "standby");
    String active = states.get("rm1").equals("active") ? "rm1" : "rm2";
    String standby = active.equals("rm1") ? "rm2" : "rm1";

    try (YarnClient client = ChildRms.client(conf)) {
      // Stored in ZooKeeper by the active; no NodeManager, so it waits in ACCEPTED.
      ApplicationId app = submitWithoutNodes(client);
      assertEquals("launcher-ha-app", client.getApplicationReport(app).getName());

      rms.get(ChildRms.IDS.indexOf(active)).destroyForcibly().waitFor();
      awaitState(conf, standby, "active");

      // The same client, whose failover proxy was last on the killed RM.
      assertEquals("launcher-ha-app", client.getApplicationReport(app).getName());
      assertEquals(0, client.getYarnClusterMetrics().getNumNodeManagers());
    }
    assertNotEquals(0, rmadmin(conf, new ByteArrayOutputStream(), "-getServiceState", active));
  }

  /**
   * No yarn.resourcemanager.ha.id: of rm1 (localhost) and rm2 (an address of no interface of
   * this host) only rm1's address is local, so the daemon is rm1, alone in its election.
   */
  @Test
  void aMemberWithoutAnIdIsTheOneWhoseAddressIsLocal() throws Exception {
    zk = EmbeddedZooKeeper.start(new File(dir, "zk"), 0);
    Configuration conf = clientConf(ChildRms.haConf(zk.connectString(), "launcher-ha-addr"));
    String remote = nonLocalAddress();
    for (String key : HA_ADDRESS_KEYS) {
      String rm2 = HAUtil.addSuffix(key, "rm2");
      conf.set(rm2, remote + ":" + conf.get(rm2).split(":")[1]);
    }
    Path confDir = writeConfWithoutId(conf, dir.toPath().resolve("conf-shared"));
    Path log = dir.toPath().resolve("rm.log");
    rms.add(Launcher.startResourceManager(confDir, log));

    awaitState(conf, "rm1", "active");
    try (YarnClient client = ChildRms.client(conf)) {
      assertEquals(0, client.getYarnClusterMetrics().getNumNodeManagers());
    }
    assertTrue(Files.readString(log).contains("Spindle ResourceManager rm1 (HA"),
        Files.readString(log));
  }

  @Test
  void noLocalAddressAndNoIdStopsTheDaemonWithOneLine() throws Exception {
    Configuration conf = ChildRms.haConf("localhost:1", "launcher-ha-bad");
    String remote = nonLocalAddress();
    for (String id : ChildRms.IDS) {
      conf.set(HAUtil.addSuffix(YarnConfiguration.RM_ADDRESS, id), remote + ":8032");
    }
    String stderr = runAndExpectFailure(conf);
    assertTrue(stderr.startsWith("spindle: Bad HA configuration: Can not find valid RM_HA_ID."),
        stderr);
  }

  @Test
  void haWithoutRmIdsStopsTheDaemonWithOneLine() throws Exception {
    Configuration conf = ChildRms.haConf("localhost:1", "launcher-ha-bad");
    conf.unset(YarnConfiguration.RM_HA_IDS);
    String stderr = runAndExpectFailure(conf);
    assertEquals("spindle: Bad HA configuration: Invalid value of yarn.resourcemanager.ha.rm-ids."
        + " Current value is null; HA mode requires atleast two RMs", stderr);
  }

  @Test
  void anIdWithoutAnAddressStopsTheDaemonWithOneLine() throws Exception {
    Configuration conf = ChildRms.haConf("localhost:1", "launcher-ha-bad");
    conf.set(YarnConfiguration.RM_HA_IDS, "rm1,rm2,rm3");
    conf.set(YarnConfiguration.RM_HA_ID, "rm1");
    String stderr = runAndExpectFailure(conf);
    assertEquals("spindle: Bad HA configuration: yarn.resourcemanager.hostname.rm3 or "
        + "yarn.resourcemanager.address.rm3 needs to be set in an HA configuration.", stderr);
  }

  private String runAndExpectFailure(Configuration conf) throws Exception {
    Path confDir = writeConfWithoutId(conf, dir.toPath().resolve("conf-bad"));
    Path err = dir.toPath().resolve("stderr");
    ProcessBuilder pb = Launcher.command("-Xmx256m", "resourcemanager", "--conf-dir",
        confDir.toString());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(err.toFile());
    Process p = pb.start();
    rms.add(p);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not exit");
    String stderr = Files.readString(err, StandardCharsets.UTF_8).trim();
    assertEquals(2, p.exitValue(), stderr);
    assertEquals(1, stderr.lines().count(), stderr);
    return stderr;
  }

  private static final List<String> HA_ADDRESS_KEYS = List.of(YarnConfiguration.RM_ADDRESS,
      YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
      YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS,
      YarnConfiguration.RM_WEBAPP_HTTPS_ADDRESS);

  /** The stock client side, said explicitly: the failover proxy every HA client uses. */
  private static Configuration clientConf(Configuration conf) {
    conf.set(YarnConfiguration.CLIENT_FAILOVER_PROXY_PROVIDER,
        ConfiguredRMFailoverProxyProvider.class.getName());
    return conf;
  }

  /** A documentation address (RFC 5737) that no interface of this host has. */
  private static String nonLocalAddress() throws IOException {
    for (String candidate : List.of("203.0.113.7", "198.51.100.7", "192.0.2.199")) {
      InetAddress address = InetAddress.getByName(candidate);
      if (NetworkInterface.getByInetAddress(address) == null) {
        return candidate;
      }
    }
    throw new IllegalStateException("every candidate address is local to this host");
  }

  private static Path writeConfWithoutId(Configuration conf, Path confDir) throws IOException {
    Files.createDirectories(confDir);
    Configuration own = new Configuration(false);
    for (var e : conf) {
      if (e.getKey().startsWith("yarn.") || e.getKey().startsWith("hadoop.zk")
          || e.getKey().startsWith("spindle.")) {
        own.set(e.getKey(), e.getValue());
      }
    }
    own.unset(YarnConfiguration.RM_HA_ID);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      own.writeXml(out);
    }
    return confDir;
  }

  private static ApplicationId submitWithoutNodes(YarnClient client) throws Exception {
    YarnClientApplication app = client.createApplication();
    ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
    context.setApplicationName("launcher-ha-app");
    context.setResource(Resource.newInstance(256, 1));
    context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("sleep 60"), null, null, null));
    ApplicationId id = client.submitApplication(context);
    assertEquals(YarnApplicationState.ACCEPTED,
        client.getApplicationReport(id).getYarnApplicationState());
    return id;
  }

  /** Polls {@code yarn rmadmin -getServiceState} of both members until they read as given. */
  private static Map<String, String> awaitStates(Configuration conf, String one, String other)
      throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    Map<String, String> states = new HashMap<>();
    while (System.currentTimeMillis() < deadline) {
      for (String id : ChildRms.IDS) {
        states.put(id, serviceState(conf, id));
      }
      if (states.containsValue(one) && states.containsValue(other)) {
        return states;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("states never became " + one + "/" + other + ": " + states);
  }

  private static void awaitState(Configuration conf, String id, String state) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    String last = null;
    while (System.currentTimeMillis() < deadline) {
      last = serviceState(conf, id);
      if (state.equals(last)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " never became " + state + "; last: " + last);
  }

  /** What {@code yarn rmadmin -getServiceState <id>} prints, or "down" when it fails. */
  private static String serviceState(Configuration conf, String id) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = rmadmin(conf, out, "-getServiceState", id);
    return exit == 0 ? out.toString(StandardCharsets.UTF_8).trim() : "down";
  }

  private static int rmadmin(Configuration conf, ByteArrayOutputStream out, String... args)
      throws Exception {
    return new Cli(new YarnConfiguration(conf), out).run(args);
  }

  /** The stock {@code yarn rmadmin} with its output captured. */
  private static final class Cli extends RMAdminCLI {
    Cli(Configuration conf, ByteArrayOutputStream out) {
      super(conf);
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      setOut(print);
      setErrOut(print);
    }
  }
}
