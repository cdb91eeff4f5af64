package dev.spindle.nm.localizer;

import dev.spindle.nm.NmDirs;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileUtil;
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
 * <p>PUBLIC and PRIVATE copies are counted while containers use them; {@link #trim} deletes
 * unused ones, least recently used first, beyond {@code yarn.nodemanager.localizer.cache
 * .target-size-mb}.
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
  /** Use counts of PUBLIC and PRIVATE resources, for trimming; guarded by this. */
  private final Map<Key, Usage> usage = new HashMap<>();
  private final Map<File, Key> byPath = new HashMap<>();
  /** Orders uses for LRU (a counter, not the clock: two uses never tie). */
  private long tick;

  public Localizer(Configuration conf, NmDirs dirs) {
    this.conf = conf;
    this.dirs = dirs;
  }

  /**
   * Downloads (or reuses) every resource and returns link name -> localized path. The caller
   * hands the result to {@link #release} when the container ends.
   *
   * @throws IOException naming the resource and the cause on the first failure
   */
  public Map<String, File> localize(String user, ApplicationId app, Credentials credentials,
      File localDir, Map<String, LocalResource> resources) throws IOException {
    Map<String, File> links = new LinkedHashMap<>();
    if (resources == null) {
      return links;
    }
    try {
      for (Map.Entry<String, LocalResource> e : resources.entrySet()) {
        links.put(e.getKey(), localizeOne(user, app, credentials, localDir, e.getValue()));
      }
    } catch (IOException | RuntimeException e) {
      release(links);
      throw e;
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
    while (true) {
      CompletableFuture<File> mine = new CompletableFuture<>();
      CompletableFuture<File> existing = cache.putIfAbsent(key, mine);
      CompletableFuture<File> f = existing == null ? mine : existing;
      if (existing == null) {
        try {
          mine.complete(download(user, app, credentials, localDir, rsrc));
        } catch (Exception ex) {
          // Forget failures so a later container (e.g. after the file is fixed) retries.
          cache.remove(key, mine);
          mine.completeExceptionally(ex);
        }
      }
      File file = await(f, rsrc);
      synchronized (this) {
        if (cache.get(key) != f) {
          continue; // trimmed between download and use: fetch it again
        }
        if (vis != LocalResourceVisibility.APPLICATION) {
          acquire(key, file);
        }
        return file;
      }
    }
  }

  // --- cache size: yarn.nodemanager.localizer.cache.target-size-mb --------------------------

  /** One cached PUBLIC or PRIVATE resource in use or reusable. Guarded by the Localizer. */
  private static final class Usage {
    final File file;
    final long bytes;
    int refs;
    long lastUsed;

    Usage(File file, long bytes) {
      this.file = file;
      this.bytes = bytes;
    }
  }

  private synchronized void acquire(Key key, File file) {
    Usage u = usage.computeIfAbsent(key, k -> new Usage(file, FileUtil.getDU(file)));
    byPath.put(file, key);
    u.refs++;
    u.lastUsed = ++tick;
  }

  /** A container that used these localized files ended: they may be trimmed when unused. */
  public synchronized void release(Map<String, File> links) {
    for (File f : links.values()) {
      Key k = byPath.get(f);
      Usage u = k == null ? null : usage.get(k);
      if (u != null && u.refs > 0) {
        u.refs--;
        u.lastUsed = ++tick;
      }
    }
  }

  /** Bytes of PUBLIC and PRIVATE resources in the cache. */
  public synchronized long cachedBytes() {
    return usage.values().stream().mapToLong(u -> u.bytes).sum();
  }

  /**
   * Deletes unused PUBLIC and PRIVATE resources, least recently used first, until the cache
   * is at most {@code targetBytes} (stock ResourceLocalizationService's cache cleanup).
   * Resources in use by a container are never deleted, even above the target.
   *
   * @return the number of resources deleted
   */
  public int trim(long targetBytes) {
    List<File> victims = new ArrayList<>();
    synchronized (this) {
      long total = cachedBytes();
      if (total <= targetBytes) {
        return 0;
      }
      List<Map.Entry<Key, Usage>> unused = new ArrayList<>();
      for (Map.Entry<Key, Usage> e : usage.entrySet()) {
        if (e.getValue().refs == 0) {
          unused.add(e);
        }
      }
      unused.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
      for (Map.Entry<Key, Usage> e : unused) {
        if (total <= targetBytes) {
          break;
        }
        cache.remove(e.getKey());
        usage.remove(e.getKey());
        byPath.remove(e.getValue().file);
        total -= e.getValue().bytes;
        // FSDownload puts each resource in its own numbered dir.
        victims.add(e.getValue().file.getParentFile());
      }
    }
    for (File dir : victims) {
      FileUtil.fullyDelete(dir);
    }
    return victims.size();
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
