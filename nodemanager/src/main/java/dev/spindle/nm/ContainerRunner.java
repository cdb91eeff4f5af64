package dev.spindle.nm;

import dev.spindle.nm.aux.AuxServicesHost;
import dev.spindle.nm.container.ContainerEvent;
import dev.spindle.nm.container.NmContainer;
import dev.spindle.nm.launch.ContainerEnvironment;
import dev.spindle.nm.launch.ContainerProcess;
import dev.spindle.nm.launch.EnvEntry;
import dev.spindle.nm.launch.LaunchScriptWriter;
import dev.spindle.nm.launch.MarkerExpander;
import dev.spindle.nm.localizer.Localizer;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.AuxiliaryServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one container from localization to exit on a worker thread: make dirs, tell aux
 * services, localize, write tokens and launch_container.sh, start the process, wait, and
 * report the result to the state machine. Everything here blocks; nothing holds the table
 * lock while it does.
 */
final class ContainerRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRunner.class);
  static final String TOKENS_FILE = "container_tokens";

  private final NmContext ctx;
  private final AuxServicesHost aux;
  private final Localizer localizer;
  private final ContainerEnvironment environment;
  private final LaunchScriptWriter scripts;
  private final FailureDiagnostics diagnostics;

  ContainerRunner(NmContext ctx, AuxServicesHost aux, Localizer localizer,
      Map<String, String> nmEnv) {
    this.ctx = ctx;
    this.aux = aux;
    this.localizer = localizer;
    this.environment = new ContainerEnvironment(ctx.conf(), nmEnv);
    this.scripts = new LaunchScriptWriter(ctx.conf().getBoolean(
        YarnConfiguration.NM_LOG_CONTAINER_DEBUG_INFO,
        YarnConfiguration.DEFAULT_NM_LOG_CONTAINER_DEBUG_INFO));
    this.diagnostics = new FailureDiagnostics(ctx.conf());
  }

  /** The whole life; returns the event that ends it (Exited or Failed). */
  ContainerEvent run(NmContainer c, ProcessStarted started) throws InterruptedException {
    ContainerId id = c.getId();
    ApplicationId app = NmDirs.appOf(id);
    File localDir = ctx.dirs().localDirFor(id);
    File logDir = ctx.dirs().containerLogDir(ctx.dirs().logDirFor(id), id);
    File workDir = ctx.dirs().workDir(localDir, c.getUser(), id);
    File privateDir = ctx.dirs().privateDir(localDir, id);
    Map<String, File> links;
    try {
      for (File d : ctx.dirs().appDirs(c.getUser(), app)) {
        NmDirs.mkdirs(d);
      }
      NmDirs.mkdirs(workDir);
      NmDirs.mkdirs(new File(workDir, "tmp"));
      NmDirs.mkdirs(privateDir);
      NmDirs.mkdirs(logDir);
      c.setWorkDir(workDir);
      c.setLogDir(logDir);
      aux.containerStarting(c.getUser(), id, c.getResource(), c.getToken().getContainerType(),
          c.getServiceData());
      links = localizer.localize(c.getUser(), app, c.getCredentials(), localDir,
          c.getLaunchContext().getLocalResources());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Localization failed for {}: {}", id, e.toString());
      return new ContainerEvent.Failed(ContainerExitStatus.INVALID,
          "Localization failed for container " + id + ": " + e.getMessage());
    }
    try {
      return launchAndWait(c, started, new File(privateDir, LaunchScriptWriter.SCRIPT), workDir,
          logDir, links);
    } finally {
      localizer.release(links);
    }
  }

  private ContainerEvent launchAndWait(NmContainer c, ProcessStarted started, File script,
      File workDir, File logDir, Map<String, File> links) throws InterruptedException {
    ContainerId id = c.getId();
    ContainerProcess process;
    try {
      writeLaunchFiles(c, script, workDir, logDir, links);
      if (!started.mayLaunch(c)) {
        return null;
      }
      process = ContainerProcess.start(script, workDir, logDir, baseEnv());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Launch failed for {}: {}", id, e.toString());
      return new ContainerEvent.Failed(ContainerExitStatus.INVALID,
          "Exception from container-launch.\nContainer id: " + id + "\n" + e);
    }
    started.launched(c, process);
    int exit = process.waitFor();
    return new ContainerEvent.Exited(exit, diagnostics.forExit(id, exit, logDir));
  }

  /** Hooks into the state machine around the launch itself. */
  interface ProcessStarted {
    /** False when the container was killed while localizing: do not start it. */
    boolean mayLaunch(NmContainer c);

    void launched(NmContainer c, ContainerProcess process);
  }

  private void writeLaunchFiles(NmContainer c, File script, File workDir, File logDir,
      Map<String, File> links) throws IOException {
    File tokens = new File(workDir, TOKENS_FILE);
    Credentials creds = c.getCredentials() == null ? new Credentials() : c.getCredentials();
    creds.writeTokenStorageFile(new Path(tokens.toURI()), ctx.conf());
    MarkerExpander markers = new MarkerExpander(logDir);
    Map<String, String> appEnv = new LinkedHashMap<>();
    Map<String, String> given = c.getLaunchContext().getEnvironment();
    if (given != null) {
      given.forEach((k, v) -> appEnv.put(k, markers.expand(v)));
    }
    List<EnvEntry> env = environment.compose(appEnv, nmOwnedEnv(c, workDir, logDir, tokens));
    List<String> commands = new ArrayList<>();
    for (String cmd : c.getLaunchContext().getCommands()) {
      commands.add(markers.expand(cmd));
    }
    scripts.write(script, logDir, env, links, commands);
  }

  private Map<String, String> nmOwnedEnv(NmContainer c, File workDir, File logDir, File tokens) {
    ContainerId id = c.getId();
    String user = c.getUser();
    Map<String, String> env = new LinkedHashMap<>();
    env.put(Environment.CONTAINER_ID.name(), id.toString());
    env.put(Environment.NM_HOST.name(), ctx.nodeId().getHost());
    env.put(Environment.NM_PORT.name(), Integer.toString(ctx.nodeId().getPort()));
    env.put(Environment.NM_HTTP_PORT.name(), Integer.toString(ctx.httpPort()));
    env.put(Environment.LOCAL_DIRS.name(), join(ctx.dirs().appDirs(user, NmDirs.appOf(id))));
    env.put(Environment.LOCAL_USER_DIRS.name(), ctx.dirs().userDirs(user).stream()
        .map(f -> f.getPath() + "/").collect(Collectors.joining(",")));
    env.put(Environment.LOG_DIRS.name(), logDir.getPath());
    env.put(Environment.USER.name(), user);
    env.put(Environment.LOGNAME.name(), user);
    env.put(Environment.HOME.name(), ctx.conf().get(YarnConfiguration.NM_USER_HOME_DIR,
        YarnConfiguration.DEFAULT_NM_USER_HOME_DIR));
    env.put(Environment.PWD.name(), workDir.getPath());
    env.put("JVM_PID", "$$");
    env.put(ApplicationConstants.CONTAINER_TOKEN_FILE_ENV_NAME, tokens.getPath());
    Map<String, String> auxEnv = new HashMap<>();
    for (Map.Entry<String, ByteBuffer> e : aux.metaData().entrySet()) {
      AuxiliaryServiceHelper.setServiceDataIntoEnv(e.getKey(), e.getValue(), auxEnv);
    }
    env.putAll(auxEnv);
    return env;
  }

  private static String join(List<File> files) {
    return files.stream().map(File::getPath).collect(Collectors.joining(","));
  }

  /** The script exports everything; bash itself only needs a PATH to find ln, cp, find. */
  private static Map<String, String> baseEnv() {
    Map<String, String> env = new HashMap<>();
    String path = System.getenv("PATH");
    env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
    return env;
  }
}
