package dev.spindle.nm;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The stock NodeManager directory layout over the configured local and log dirs.
 *
 * <p>Applications rely on these exact relative paths: MapReduce derives its map-output
 * location from {@code LOCAL_DIRS}, and the ShuffleHandler looks the outputs up under
 * {@code usercache/<user>/appcache/<appId>/output/...} (yarn-compat 4.4).
 */
public final class NmDirs {
  public static final String USERCACHE = "usercache";
  public static final String APPCACHE = "appcache";
  public static final String FILECACHE = "filecache";
  public static final String NM_PRIVATE = "nmPrivate";

  private final List<File> localDirs;
  private final List<File> logDirs;

  public NmDirs(List<File> localDirs, List<File> logDirs) {
    if (localDirs.isEmpty() || logDirs.isEmpty()) {
      throw new IllegalArgumentException("need at least one local dir and one log dir");
    }
    this.localDirs = List.copyOf(localDirs);
    this.logDirs = List.copyOf(logDirs);
  }

  /** Reads yarn.nodemanager.local-dirs and yarn.nodemanager.log-dirs (file: URIs allowed). */
  public static NmDirs fromConf(Configuration conf) {
    return new NmDirs(
        parse(conf.getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS,
            YarnConfiguration.DEFAULT_NM_LOCAL_DIRS)),
        parse(conf.getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS,
            YarnConfiguration.DEFAULT_NM_LOG_DIRS)));
  }

  private static List<File> parse(String[] dirs) {
    List<File> out = new ArrayList<>();
    for (String d : dirs) {
      out.add(new File(new Path(d).toUri().getPath()).getAbsoluteFile());
    }
    return out;
  }

  /** Creates the top-level dirs; the NM refuses to start without them. */
  public void create() throws IOException {
    for (File d : localDirs) {
      mkdirs(new File(d, FILECACHE));
      mkdirs(new File(d, USERCACHE));
      mkdirs(new File(d, NM_PRIVATE));
    }
    for (File d : logDirs) {
      mkdirs(d);
    }
  }

  public static File mkdirs(File dir) throws IOException {
    if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
      throw new IOException("Cannot create directory " + dir);
    }
    return dir;
  }

  public List<File> localDirs() {
    return localDirs;
  }

  public List<File> logDirs() {
    return logDirs;
  }

  public File userDir(File localDir, String user) {
    return new File(new File(localDir, USERCACHE), user);
  }

  public File appDir(File localDir, String user, ApplicationId app) {
    return new File(new File(userDir(localDir, user), APPCACHE), app.toString());
  }

  public File publicCache(File localDir) {
    return new File(localDir, FILECACHE);
  }

  public File privateCache(File localDir, String user) {
    return new File(userDir(localDir, user), FILECACHE);
  }

  public File appCache(File localDir, String user, ApplicationId app) {
    return new File(appDir(localDir, user, app), FILECACHE);
  }

  /** The container work dir lives in the app dir of one chosen local dir. */
  public File workDir(File localDir, String user, ContainerId id) {
    return new File(appDir(localDir, user, appOf(id)), id.toString());
  }

  /** NM-private files (script, tokens) outside the user's reach. */
  public File privateDir(File localDir, ContainerId id) {
    return new File(new File(new File(localDir, NM_PRIVATE), appOf(id).toString()),
        id.toString());
  }

  public File containerLogDir(File logDir, ContainerId id) {
    return new File(new File(logDir, appOf(id).toString()), id.toString());
  }

  public List<File> appDirs(String user, ApplicationId app) {
    List<File> out = new ArrayList<>();
    for (File l : localDirs) {
      out.add(appDir(l, user, app));
    }
    return out;
  }

  public List<File> userDirs(String user) {
    List<File> out = new ArrayList<>();
    for (File l : localDirs) {
      out.add(userDir(l, user));
    }
    return out;
  }

  public List<File> containerLogDirs(ContainerId id) {
    List<File> out = new ArrayList<>();
    for (File g : logDirs) {
      out.add(containerLogDir(g, id));
    }
    return out;
  }

  /** Picks the local dir for a container deterministically, spreading containers. */
  public File localDirFor(ContainerId id) {
    return localDirs.get((int) Math.floorMod(id.getContainerId(), (long) localDirs.size()));
  }

  public File logDirFor(ContainerId id) {
    return logDirs.get((int) Math.floorMod(id.getContainerId(), (long) logDirs.size()));
  }

  public static ApplicationId appOf(ContainerId id) {
    return id.getApplicationAttemptId().getApplicationId();
  }
}
