package dev.spindle.nm.launch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Writes launch_container.sh the way the stock NM does (yarn-compat 4.7): fail fast, send
 * its own output to prelaunch.out/err in the container log dir, export the environment,
 * link the localized resources into the work dir, leave debug copies in the log dir, then
 * exec the application's commands with bash.
 */
public final class LaunchScriptWriter {
  public static final String SCRIPT = "launch_container.sh";
  public static final String PRELAUNCH_OUT = "prelaunch.out";
  public static final String PRELAUNCH_ERR = "prelaunch.err";
  public static final String DIRECTORY_INFO = "directory.info";

  private final boolean debugInfo;

  /** @param debugInfo yarn.nodemanager.log-container-debug-info.enabled */
  public LaunchScriptWriter(boolean debugInfo) {
    this.debugInfo = debugInfo;
  }

  /**
   * @param links link name (may contain '/') -> localized path
   * @param commands already marker-expanded, joined with spaces like the stock NM
   */
  public void write(File script, File logDir, List<EnvEntry> env, Map<String, File> links,
      List<String> commands) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("#!/bin/bash\n\n");
    sb.append("set -o pipefail -e\n");
    sb.append("export PRELAUNCH_OUT=\"").append(new File(logDir, PRELAUNCH_OUT)).append("\"\n");
    sb.append("exec >\"${PRELAUNCH_OUT}\"\n");
    sb.append("export PRELAUNCH_ERR=\"").append(new File(logDir, PRELAUNCH_ERR)).append("\"\n");
    sb.append("exec 2>\"${PRELAUNCH_ERR}\"\n");
    sb.append("echo \"Setting up env variables\"\n");
    for (EnvEntry e : env) {
      sb.append(e.toShell()).append('\n');
    }
    sb.append("echo \"Setting up job resources\"\n");
    for (Map.Entry<String, File> link : links.entrySet()) {
      String name = link.getKey();
      int slash = name.lastIndexOf('/');
      if (slash > 0) {
        sb.append("mkdir -p \"").append(name, 0, slash).append("\"\n");
      }
      sb.append("ln -sf -- \"").append(link.getValue().getPath()).append("\" \"")
          .append(name).append("\"\n");
    }
    if (debugInfo) {
      appendDebugInfo(sb, script, logDir);
    }
    sb.append("echo \"Launching container\"\n");
    sb.append("exec /bin/bash -c \"").append(String.join(" ", commands)).append("\"\n");
    Files.writeString(script.toPath(), sb.toString(), StandardCharsets.UTF_8);
  }

  private static void appendDebugInfo(StringBuilder sb, File script, File logDir) {
    String info = "\"" + new File(logDir, DIRECTORY_INFO) + "\"";
    String copy = "\"" + new File(logDir, SCRIPT) + "\"";
    sb.append("echo \"Copying debugging information\"\n");
    sb.append("cp \"").append(script.getPath()).append("\" ").append(copy).append('\n');
    sb.append("chmod 640 ").append(copy).append('\n');
    sb.append("echo \"ls -l:\" 1>").append(info).append('\n');
    sb.append("ls -l 1>>").append(info).append('\n');
    sb.append("echo \"find -L . -maxdepth 5 -ls:\" 1>>").append(info).append('\n');
    sb.append("find -L . -maxdepth 5 -ls 1>>").append(info).append('\n');
    sb.append("echo \"broken symlinks(find -L . -maxdepth 5 -type l -ls):\" 1>>")
        .append(info).append('\n');
    sb.append("find -L . -maxdepth 5 -type l -ls 1>>").append(info).append('\n');
  }
}
