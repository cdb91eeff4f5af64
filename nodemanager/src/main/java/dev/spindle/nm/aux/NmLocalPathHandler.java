package dev.spindle.nm.aux;

import dev.spindle.nm.NmDirs;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.DiskChecker.DiskErrorException;
import org.apache.hadoop.yarn.server.api.AuxiliaryLocalPathHandler;

/**
 * Resolves paths relative to the NM's local dirs for aux services; the ShuffleHandler
 * finds map outputs through {@link #getLocalPathForRead}. Per NM instance (no static
 * LocalDirAllocator state, so several NMs can share a JVM).
 */
public final class NmLocalPathHandler implements AuxiliaryLocalPathHandler {
  private final NmDirs dirs;

  public NmLocalPathHandler(NmDirs dirs) {
    this.dirs = dirs;
  }

  @Override
  public Path getLocalPathForRead(String path) throws IOException {
    for (File d : dirs.localDirs()) {
      File f = new File(d, path);
      if (f.exists()) {
        return new Path(f.getAbsolutePath());
      }
    }
    throw new DiskErrorException("Could not find " + path + " in any of the directories");
  }

  @Override
  public Path getLocalPathForWrite(String path) throws IOException {
    return getLocalPathForWrite(path, -1);
  }

  @Override
  public Path getLocalPathForWrite(String path, long size) throws IOException {
    File best = null;
    for (File d : dirs.localDirs()) {
      if (best == null || d.getUsableSpace() > best.getUsableSpace()) {
        best = d;
      }
    }
    if (best == null || (size > 0 && best.getUsableSpace() < size)) {
      throw new DiskErrorException("No space available for " + path);
    }
    return new Path(new File(best, path).getAbsolutePath());
  }

  @Override
  public Iterable<Path> getAllLocalPathsForRead(String path) {
    List<Path> out = new ArrayList<>();
    for (File d : dirs.localDirs()) {
      File f = new File(d, path);
      if (f.exists()) {
        out.add(new Path(f.getAbsolutePath()));
      }
    }
    return out;
  }
}
