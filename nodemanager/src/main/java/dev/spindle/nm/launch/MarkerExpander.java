package dev.spindle.nm.launch;

import java.io.File;
import org.apache.hadoop.util.Shell;
import org.apache.hadoop.yarn.api.ApplicationConstants;

/**
 * Expands the markers applications put in commands and environment values
 * (yarn-compat 4.6): {@code <LOG_DIR>}, {@code <CPS>}, {@code <ADD_OPENS>} and
 * {@code {{VAR}}} (to {@code $VAR}, left for the shell to resolve).
 */
public final class MarkerExpander {
  /** What {@code <ADD_OPENS>} becomes on a JDK 17+ node (MAPREDUCE-7449). */
  public static final String JDK17_ADD_OPENS =
      "--add-opens=java.base/java.lang=ALL-UNNAMED "
          + "--add-exports=java.base/sun.net.dns=ALL-UNNAMED "
          + "--add-exports=java.base/sun.net.util=ALL-UNNAMED";

  private final String logDir;
  private final String addOpens;

  /** Decides {@code <ADD_OPENS>} by the JVM the NM itself runs on, as the stock NM does. */
  public MarkerExpander(File logDir) {
    this(logDir, Shell.isJavaVersionAtLeast(17));
  }

  public MarkerExpander(File logDir, boolean jdk17OrLater) {
    this.logDir = logDir.getPath();
    this.addOpens = jdk17OrLater ? JDK17_ADD_OPENS : "";
  }

  public String expand(String value) {
    if (value == null) {
      return null;
    }
    return value.replace(ApplicationConstants.LOG_DIR_EXPANSION_VAR, logDir)
        .replace(ApplicationConstants.CLASS_PATH_SEPARATOR, File.pathSeparator)
        .replace(ApplicationConstants.JVM_ADD_OPENS_VAR, addOpens)
        .replace(ApplicationConstants.PARAMETER_EXPANSION_LEFT, "$")
        .replace(ApplicationConstants.PARAMETER_EXPANSION_RIGHT, "");
  }
}
