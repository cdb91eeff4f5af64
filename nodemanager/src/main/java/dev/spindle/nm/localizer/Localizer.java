package dev.spindle.nm.localizer;

import dev.spindle.nm.NmDirs;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.util.FSDownload;

/**
 * Localizes a container's LocalResources into the stock cache layout (yarn-compat 4.3):
 * PUBLIC in {@code filecache/<n>}, PRIVATE in {@code usercache/<user>/filecache/<n>},
 * APPLICATION in {@code usercache/<user>/appcache/<app>/filecache/<n>}. Each download is one
 * {@link FSDownload} (timestamp check, public-visibility check, unpacking); PRIVATE and
 * APPLICATION resources are read as the submitting user with the container's credentials.
 *
 * <p>A localized copy is reused for the same (source, timestamp, type, pattern,
 * visibility, owner). Thread-safe: concurrent containers asking for one resource share a
 * single download through the future in {@link #cache}.
 */
public final class Localizer {
  /** The cache identity of a resource. */
  record Key(String url, long timestamp, String type, String pattern, String visibility,
      String owner) {}

  private final Configuration conf;
  private final NmDirs dirs;
  private final Map<Key, CompletableFuture<File>> cache = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  public Localizer(Configuration conf, NmDirs dirs) {
    this.conf = conf;
    this.dirs = dirs;
  }

  /**
   * Downloads (or reuses) every resource and returns link name -> localized path.
   *
   * @throws IOException naming the resource and the cause on the first failure
   */
  public Map<String, File> localize(String user, ApplicationId app, Credentials credentials,
      File localDir, Map<String, LocalResource> resources) throws IOException {
    Map<String, File> links = new LinkedHashMap<>();
    if (resources == null) {
      return links;
    }
    for (Map.Entry<String, LocalResource> e : resources.entrySet()) {
      links.put(e.getKey(), localizeOne(user, app, credentials, localDir, e.getValue()));
    }
    return links;
  }

  private File localizeOne(String user, ApplicationId app, Credentials credentials,
      File localDir, LocalResource rsrc) throws IOException {
    if (rsrc.getResource() == null || rsrc.getType() == null || rsrc.getVisibility() == null) {
      throw new IOException("Incomplete local resource " + rsrc);
    }
    LocalResourceVisibility vis = rsrc.getVisibility();
    String owner = switch (vis) {
      case PUBLIC -> "";
      case PRIVATE -> user;
      case APPLICATION -> user + "/" + app;
    };
    Key key = new Key(rsrc.getResource().toString(), rsrc.getTimestamp(),
        rsrc.getType().name(), rsrc.getPattern(), vis.name(), owner);
    CompletableFuture<File> mine = new CompletableFuture<>();
    CompletableFuture<File> existing = cache.putIfAbsent(key, mine);
    if (existing != null) {
      return await(existing, rsrc);
    }
    try {
      mine.complete(download(user, app, credentials, localDir, rsrc));
    } catch (Exception ex) {
      // Forget failures so a later container (e.g. after the file is fixed) retries.
      cache.remove(key, mine);
      mine.completeExceptionally(ex);
    }
    return await(mine, rsrc);
  }

  private File download(String user, ApplicationId app, Credentials credentials,
      File localDir, LocalResource rsrc) throws Exception {
    File root = switch (rsrc.getVisibility()) {
      case PUBLIC -> dirs.publicCache(localDir);
      case PRIVATE -> dirs.privateCache(localDir, user);
      case APPLICATION -> dirs.appCache(localDir, user, app);
    };
    NmDirs.mkdirs(root);
    File dest = new File(root, Long.toString(sequence.incrementAndGet()));
    UserGroupInformation ugi = null;
    if (rsrc.getVisibility() != LocalResourceVisibility.PUBLIC) {
      ugi = UserGroupInformation.createRemoteUser(user);
      if (credentials != null) {
        ugi.addCredentials(credentials);
      }
    }
    FSDownload d = new FSDownload(FileContext.getLocalFSFileContext(conf), ugi, conf,
        new Path(dest.toURI()), rsrc);
    return new File(d.call().toUri().getPath());
  }

  private static File await(CompletableFuture<File> f, LocalResource rsrc) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while localizing " + rsrc.getResource(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException("Failed to localize " + describe(rsrc) + ": " + cause, cause);
    }
  }

  private static String describe(LocalResource r) {
    return r.getResource() + " (" + r.getType() + ", " + r.getVisibility() + ")";
  }

  /** Forgets cached APPLICATION resources of a finished app (their dirs are deleted). */
  public void appFinished(String user, ApplicationId app) {
    String owner = user + "/" + app;
    cache.keySet().removeIf(k -> k.owner().equals(owner));
  }
}
