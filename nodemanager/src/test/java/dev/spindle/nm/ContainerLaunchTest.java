package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.launch.MarkerExpander;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real containers through ContainerManagementProtocol: environment, exit codes, kills. */
class ContainerLaunchTest {
  @TempDir File tmp;
  private CmHarness h;
  private ContainerManagementProtocol am;

  @BeforeEach
  void setUp() throws Exception {
    Configuration conf = new Configuration();
    conf.set(YarnConfiguration.NM_USER_HOME_DIR, "/home/spindle");
    h = new CmHarness(tmp, conf);
    am = h.proxy(h.attempt);
  }

  @AfterEach
  void tearDown() throws Exception {
    CmHarness.close(am);
    h.close();
  }

  private ContainerStatus run(List<String> cmds, Map<String, String> env, Credentials creds)
      throws Exception {
    ContainerId id = h.newContainerId();
    h.start(am, CmHarness.launchContext(cmds, env, Map.of(), creds), h.containerToken(id));
    return h.awaitComplete(am, id, Duration.ofSeconds(30));
  }

  private static Map<String, String> parseEnv(File f) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(f.toPath(), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }

  @Test
  void aContainerSeesTheEnvironmentYarnContainersExpect() throws Exception {
    Credentials creds = new Credentials();
    creds.addToken(new Text("svc"), new Token<>(new byte[] {1, 2}, new byte[] {3},
        new Text("KIND"), new Text("svc")));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("APP_CP", "{{PWD}}<CPS>lib/*");
    env.put("APP_OPTS", "<ADD_OPENS> -Dlog=<LOG_DIR>");
    env.put("USER", "not-the-submitter");
    ContainerStatus s = run(List.of("env > <LOG_DIR>/env.txt"), env, creds);
    assertEquals(0, s.getExitStatus(), s.getDiagnostics());
    ContainerId id = s.getContainerId();
    File logDir = h.logDir(id);
    Map<String, String> e = parseEnv(new File(logDir, "env.txt"));
    File workDir = h.ctx.dirs().workDir(h.ctx.dirs().localDirFor(id), CmHarness.USER, id);
    assertEquals(id.toString(), e.get("CONTAINER_ID"));
    assertEquals(h.ctx.nodeId().getHost(), e.get("NM_HOST"));
    assertEquals(Integer.toString(h.ctx.nodeId().getPort()), e.get("NM_PORT"));
    assertEquals("8042", e.get("NM_HTTP_PORT"));
    assertEquals(CmHarness.USER, e.get("USER"), "NM-owned variables win");
    assertEquals(CmHarness.USER, e.get("LOGNAME"));
    assertEquals("/home/spindle", e.get("HOME"));
    assertEquals(workDir.getPath(), e.get("PWD"));
    assertEquals(logDir.getPath(), e.get("LOG_DIRS"));
    assertEquals(h.ctx.dirs().appDir(h.ctx.dirs().localDirs().get(0), CmHarness.USER, h.app)
        .getPath(), e.get("LOCAL_DIRS"));
    assertTrue(e.get("LOCAL_USER_DIRS").endsWith("usercache/" + CmHarness.USER + "/"));
    assertTrue(e.get("JVM_PID").matches("\\d+"), e.get("JVM_PID"));
    assertEquals(workDir.getPath() + ":lib/*", e.get("APP_CP"));
    assertEquals(MarkerExpander.JDK17_ADD_OPENS + " -Dlog=" + logDir.getPath(),
        e.get("APP_OPTS"));
    assertTrue(new File(e.get("JAVA_HOME"), "bin/java").exists(), "JAVA_HOME inherited");
    Credentials read = Credentials.readTokenStorageFile(
        new Path(new File(e.get("HADOOP_TOKEN_FILE_LOCATION")).toURI()), h.conf);
    assertEquals(new Text("KIND"), read.getToken(new Text("svc")).getKind());
    for (String f : new String[] {"prelaunch.out", "prelaunch.err", "launch_container.sh",
        "directory.info"}) {
      assertTrue(new File(logDir, f).isFile(), f + " in the container log dir");
    }
  }

  @Test
  void exitCodesOfNaturalExitsAreReportedAsIs() throws Exception {
    assertEquals(0, run(List.of("true"), Map.of(), null).getExitStatus());
    ContainerStatus fail = run(List.of("echo broken >&2; exit 1"), Map.of(), null);
    assertEquals(1, fail.getExitStatus());
    assertTrue(fail.getDiagnostics().contains("Exception from container-launch"));
    assertTrue(fail.getDiagnostics().contains("broken"), fail.getDiagnostics());
    assertEquals(143, run(List.of("kill -TERM $$"), Map.of(), null).getExitStatus());
    assertEquals(137, run(List.of("kill -KILL $$"), Map.of(), null).getExitStatus());
  }

  @Test
  void killsByTheRmAndAfterAppCompletionUseTheirReasonCodes() throws Exception {
    ContainerId byRm = h.newContainerId();
    h.start(am, CmHarness.launchContext(List.of("sleep 30"), Map.of(), Map.of(), null),
        h.containerToken(byRm));
    awaitRunning(byRm);
    h.supervisor.killContainers(List.of(byRm), -106, "Container Killed by ResourceManager");
    assertEquals(-106, h.awaitComplete(am, byRm, Duration.ofSeconds(20)).getExitStatus());

    ContainerId leftover = h.newContainerId();
    h.start(am, CmHarness.launchContext(List.of("sleep 30"), Map.of(), Map.of(), null),
        h.containerToken(leftover));
    awaitRunning(leftover);
    File appDir = h.ctx.dirs().appDir(h.ctx.dirs().localDirs().get(0), CmHarness.USER, h.app);
    assertTrue(appDir.isDirectory());
    h.supervisor.finishApplications(List.of(h.app));
    ContainerStatus s = h.awaitComplete(am, leftover, Duration.ofSeconds(20));
    assertEquals(-107, s.getExitStatus());
    StockRm.await("app dir deleted", Duration.ofSeconds(10), () -> !appDir.exists());
    assertFalse(h.ctx.table().runningApps().contains(h.app));
  }

  private void awaitRunning(ContainerId id) throws InterruptedException {
    StockRm.await(id + " running", Duration.ofSeconds(20), () -> {
      var c = h.ctx.table().get(id);
      return c != null && c.getProcess() != null && c.getProcess().isAlive();
    });
  }

  @Test
  void completedContainersAreReportedUntilTheRmAcksThem() throws Exception {
    ContainerStatus s = run(List.of("true"), Map.of(), null);
    ContainerId id = s.getContainerId();
    assertTrue(h.ctx.table().heartbeatStatuses().stream()
        .anyMatch(st -> st.getContainerId().equals(id) && st.getState() == ContainerState.COMPLETE));
    assertTrue(h.ctx.table().heartbeatStatuses().stream()
        .anyMatch(st -> st.getContainerId().equals(id)), "still reported before the ack");
    h.ctx.table().ack(List.of(id));
    assertFalse(h.ctx.table().heartbeatStatuses().stream()
        .anyMatch(st -> st.getContainerId().equals(id)));
    assertTrue(h.ctx.table().recentlyStopped(id), "stop/status still succeed for a while");
  }

  @Test
  void aLocalizationFailureCompletesTheContainerWithTheCause() throws Exception {
    File f = new File(tmp, "input.txt");
    Files.writeString(f.toPath(), "data");
    org.apache.hadoop.yarn.api.records.LocalResource r =
        org.apache.hadoop.yarn.api.records.LocalResource.newInstance(
            org.apache.hadoop.yarn.api.records.URL.fromPath(new Path(f.toURI())),
            org.apache.hadoop.yarn.api.records.LocalResourceType.FILE,
            org.apache.hadoop.yarn.api.records.LocalResourceVisibility.APPLICATION,
            f.length(), f.lastModified() - 60_000);
    ContainerId id = h.newContainerId();
    h.start(am, CmHarness.launchContext(List.of("cat input.txt"), Map.of(),
        Map.of("input.txt", r), null), h.containerToken(id));
    ContainerStatus s = h.awaitComplete(am, id, Duration.ofSeconds(20));
    assertTrue(s.getExitStatus() != 0);
    assertTrue(s.getDiagnostics().contains("changed on src filesystem"), s.getDiagnostics());
  }

  @Test
  void localizedResourcesAreLinkedIntoTheWorkDirUnderTheirLinkNames() throws Exception {
    File f = new File(tmp, "conf.txt");
    Files.writeString(f.toPath(), "from-resource");
    org.apache.hadoop.yarn.api.records.LocalResource r =
        org.apache.hadoop.yarn.api.records.LocalResource.newInstance(
            org.apache.hadoop.yarn.api.records.URL.fromPath(new Path(f.toURI())),
            org.apache.hadoop.yarn.api.records.LocalResourceType.FILE,
            org.apache.hadoop.yarn.api.records.LocalResourceVisibility.PRIVATE,
            f.length(), org.apache.hadoop.fs.FileSystem.getLocal(h.conf)
                .getFileStatus(new Path(f.toURI())).getModificationTime());
    ContainerId id = h.newContainerId();
    h.start(am, CmHarness.launchContext(List.of("cat etc/app/conf.txt > <LOG_DIR>/stdout"),
        Map.of(), Map.of("etc/app/conf.txt", r), null), h.containerToken(id));
    ContainerStatus s = h.awaitComplete(am, id, Duration.ofSeconds(20));
    assertEquals(0, s.getExitStatus(), s.getDiagnostics());
    assertEquals("from-resource",
        Files.readString(new File(h.logDir(id), "stdout").toPath()).trim());
  }
}
