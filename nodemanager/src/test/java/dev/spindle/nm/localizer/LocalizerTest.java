package dev.spindle.nm.localizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.NmDirs;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FSDownload-based localization from file:// into the stock cache layout. */
class LocalizerTest {
  @TempDir File tmp;
  private final Configuration conf = new YarnConfiguration();
  private final ApplicationId app = ApplicationId.newInstance(99L, 7);
  private NmDirs dirs;
  private Localizer localizer;
  private File src;
  private File localDir;

  @BeforeEach
  void setUp() throws Exception {
    localDir = new File(tmp, "local");
    dirs = new NmDirs(List.of(localDir), List.of(new File(tmp, "logs")));
    dirs.create();
    localizer = new Localizer(conf, dirs);
    src = new File(tmp, "src");
    Files.createDirectories(src.toPath());
  }

  private LocalResource resource(File f, LocalResourceType type, LocalResourceVisibility vis)
      throws IOException {
    Path p = new Path(f.toURI());
    long mtime = FileSystem.getLocal(conf).getFileStatus(p).getModificationTime();
    return LocalResource.newInstance(URL.fromPath(p), type, vis, f.length(), mtime);
  }

  private File localize(String link, LocalResource r) throws IOException {
    return localizer.localize("bob", app, new Credentials(), localDir, Map.of(link, r)).get(link);
  }

  private File text(String name, String content) throws IOException {
    File f = new File(src, name);
    Files.writeString(f.toPath(), content);
    return f;
  }

  private File zip(String name, boolean jar, String... entries) throws IOException {
    File f = new File(src, name);
    try (ZipOutputStream z = jar ? new JarOutputStream(new FileOutputStream(f))
        : new ZipOutputStream(new FileOutputStream(f))) {
      for (String e : entries) {
        z.putNextEntry(new ZipEntry(e));
        z.write(("content of " + e).getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return f;
  }

  @Test
  void aPrivateFileLandsInTheUsersFilecache() throws Exception {
    File f = text("a.txt", "alpha");
    File local = localize("a.txt", resource(f, LocalResourceType.FILE,
        LocalResourceVisibility.PRIVATE));
    assertEquals("alpha", Files.readString(local.toPath()));
    assertTrue(local.getPath().startsWith(
        new File(localDir, "usercache/bob/filecache/").getPath()), local.getPath());
  }

  @Test
  void anApplicationFileLandsInTheAppsFilecacheAndIsReused() throws Exception {
    File f = text("b.txt", "beta");
    LocalResource r = resource(f, LocalResourceType.FILE, LocalResourceVisibility.APPLICATION);
    File first = localize("b.txt", r);
    assertTrue(first.getPath().startsWith(new File(localDir,
        "usercache/bob/appcache/" + app + "/filecache/").getPath()), first.getPath());
    assertEquals(first, localize("again.txt", r), "same resource, same localized copy");
  }

  @Test
  void aPublicFileLandsInTheSharedFilecache() throws Exception {
    for (File d = src; d != null; d = d.getParentFile()) {
      if (d.equals(tmp.getParentFile())) {
        break;
      }
      Files.setPosixFilePermissions(d.toPath(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    File f = text("pub.txt", "public");
    Files.setPosixFilePermissions(f.toPath(), PosixFilePermissions.fromString("rw-r--r--"));
    File local = localize("pub.txt", resource(f, LocalResourceType.FILE,
        LocalResourceVisibility.PUBLIC));
    assertTrue(local.getPath().startsWith(new File(localDir, "filecache/").getPath()));
    assertEquals("public", Files.readString(local.toPath()));
  }

  @Test
  void zipTarGzAndJarArchivesAreUnpackedIntoADirectory() throws Exception {
    File zipDir = localize("z", resource(zip("data.zip", false, "x/one.txt"),
        LocalResourceType.ARCHIVE, LocalResourceVisibility.PRIVATE));
    assertEquals("content of x/one.txt", Files.readString(new File(zipDir, "x/one.txt").toPath()));

    File jarDir = localize("j", resource(zip("code.jar", true, "p/C.class"),
        LocalResourceType.ARCHIVE, LocalResourceVisibility.PRIVATE));
    assertTrue(new File(jarDir, "p/C.class").isFile());

    File tarSrc = new File(src, "tarred");
    Files.createDirectories(tarSrc.toPath());
    Files.writeString(new File(tarSrc, "t.txt").toPath(), "tee");
    File tgz = new File(src, "bundle.tar.gz");
    Process tar = new ProcessBuilder("tar", "czf", tgz.getPath(), "-C", tarSrc.getPath(), "t.txt")
        .inheritIO().start();
    assertEquals(0, tar.waitFor());
    File tgzDir = localize("t", resource(tgz, LocalResourceType.ARCHIVE,
        LocalResourceVisibility.APPLICATION));
    assertEquals("tee", Files.readString(new File(tgzDir, "t.txt").toPath()));
  }

  @Test
  void aPatternJarKeepsTheJarAndUnpacksOnlyMatchingEntries() throws Exception {
    File jar = zip("job.jar", true, "classes/A.class", "lib/dep.jar", "other/skip.txt");
    LocalResource r = resource(jar, LocalResourceType.PATTERN, LocalResourceVisibility.APPLICATION);
    r.setPattern("(?:classes/|lib/).*");
    File dir = localize("job.jar", r);
    assertTrue(new File(dir, "job.jar").isFile(), "the jar itself is kept");
    assertTrue(new File(dir, "classes/A.class").isFile());
    assertTrue(new File(dir, "lib/dep.jar").isFile());
    assertFalse(new File(dir, "other/skip.txt").exists());
  }

  @Test
  void aTimestampMismatchFailsNamingTheResource() throws Exception {
    File f = text("c.txt", "gamma");
    LocalResource r = resource(f, LocalResourceType.FILE, LocalResourceVisibility.PRIVATE);
    r.setTimestamp(r.getTimestamp() - 10_000);
    IOException e = assertThrows(IOException.class, () -> localize("c.txt", r));
    assertTrue(e.getMessage().contains("changed on src filesystem"), e.getMessage());
    assertTrue(e.getMessage().contains("c.txt"), e.getMessage());
  }

  @Test
  void trimmingDeletesUnusedResourcesLeastRecentlyUsedFirstAndKeepsThoseInUse()
      throws Exception {
    // Three 4 KB private files; "a" and "b" released (b used after a), "c" still in use.
    Map<String, File> a = localizer.localize("bob", app, new Credentials(), localDir,
        Map.of("a", resource(text("a.bin", "a".repeat(4096)), LocalResourceType.FILE,
            LocalResourceVisibility.PRIVATE)));
    Map<String, File> b = localizer.localize("bob", app, new Credentials(), localDir,
        Map.of("b", resource(text("b.bin", "b".repeat(4096)), LocalResourceType.FILE,
            LocalResourceVisibility.PRIVATE)));
    Map<String, File> c = localizer.localize("bob", app, new Credentials(), localDir,
        Map.of("c", resource(text("c.bin", "c".repeat(4096)), LocalResourceType.FILE,
            LocalResourceVisibility.PRIVATE)));
    localizer.release(a);
    localizer.release(b);
    assertEquals(3 * 4096, localizer.cachedBytes());

    assertEquals(0, localizer.trim(3 * 4096), "at the target: nothing to delete");
    assertEquals(1, localizer.trim(2 * 4096), "one over: the least recently used goes");
    assertFalse(a.get("a").exists(), "a was used least recently");
    assertTrue(b.get("b").exists());

    assertEquals(1, localizer.trim(0), "b is unused; c is in use and stays");
    assertFalse(b.get("b").exists());
    assertTrue(c.get("c").exists(), "in use: never deleted, even above the target");
    assertEquals(4096, localizer.cachedBytes());

    // A trimmed resource is downloaded again when asked for.
    File again = localize("a", resource(new File(src, "a.bin"), LocalResourceType.FILE,
        LocalResourceVisibility.PRIVATE));
    assertTrue(again.exists());
    assertEquals("a".repeat(4096), Files.readString(again.toPath()));
  }
}
