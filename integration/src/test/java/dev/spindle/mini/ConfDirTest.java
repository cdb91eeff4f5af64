package dev.spindle.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher names the file and key of a bad configuration, and the busy port. */
class ConfDirTest {

  @TempDir Path dir;

  @Test
  void aMalformedSiteFileIsNamed() throws Exception {
    Files.writeString(dir.resolve("yarn-site.xml"), "<configuration><property><name>x</name>");

    ConfDir.BadConfigException e =
        assertThrows(ConfDir.BadConfigException.class, () -> ConfDir.load(dir));

    assertTrue(e.getMessage().contains(dir.resolve("yarn-site.xml").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("(line 1, column"), e.getMessage());
  }

  @Test
  void aNonNumericValueNamesTheKeyAndTheFile() throws Exception {
    writeSite("yarn-site.xml", YarnConfiguration.NM_PMEM_MB, "lots");

    ConfDir.BadConfigException e =
        assertThrows(ConfDir.BadConfigException.class, () -> ConfDir.load(dir));

    assertTrue(e.getMessage().contains(YarnConfiguration.NM_PMEM_MB), e.getMessage());
    assertTrue(e.getMessage().contains("yarn-site.xml"), e.getMessage());
    assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
  }

  @Test
  void aBadAddressNamesTheKey() throws Exception {
    writeSite("yarn-site.xml", YarnConfiguration.RM_ADDRESS, "rmhost:port");

    ConfDir.BadConfigException e =
        assertThrows(ConfDir.BadConfigException.class, () -> ConfDir.load(dir));

    assertTrue(e.getMessage().contains(YarnConfiguration.RM_ADDRESS), e.getMessage());
  }

  @Test
  void aMissingDirectoryIsReported() {
    Path missing = dir.resolve("nope");
    ConfDir.BadConfigException e =
        assertThrows(ConfDir.BadConfigException.class, () -> ConfDir.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void aGoodDirectoryLoadsOverTheDefaults() throws Exception {
    writeSite("yarn-site.xml", YarnConfiguration.NM_PMEM_MB, "2048");

    YarnConfiguration conf = ConfDir.load(dir);

    assertEquals(2048, conf.getInt(YarnConfiguration.NM_PMEM_MB, 0));
    assertEquals(YarnConfiguration.DEFAULT_RM_AM_MAX_ATTEMPTS,
        conf.getInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, -1));
  }

  @Test
  void aBusyPortNamesThePortAndTheKey() throws Exception {
    try (ServerSocket busy = new ServerSocket(0)) {
      Configuration conf = new Configuration(false);
      conf.set(YarnConfiguration.RM_ADDRESS, "localhost:" + busy.getLocalPort());

      ConfDir.BadConfigException e = assertThrows(ConfDir.BadConfigException.class,
          () -> PortCheck.checkFree(conf, List.of(YarnConfiguration.RM_ADDRESS)));

      assertTrue(e.getMessage().contains("Port " + busy.getLocalPort()), e.getMessage());
      assertTrue(e.getMessage().contains(YarnConfiguration.RM_ADDRESS), e.getMessage());
    }
  }

  @Test
  void theClasspathJarListsEveryEntry() throws Exception {
    Path a = Files.createDirectories(dir.resolve("classes"));
    Path b = Files.writeString(dir.resolve("lib.jar"), "");
    Path jar = ClasspathJar.write(dir.resolve("cp.jar"), a + ":" + b);

    try (JarFile file = new JarFile(jar.toFile())) {
      String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
      assertEquals(a.toFile().toURI() + " " + b.toFile().toURI(), classPath);
      assertTrue(classPath.split(" ")[0].endsWith("/"), "directories end in a slash");
    }
  }

  private void writeSite(String name, String key, String value) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(key, value);
    try (var out = Files.newOutputStream(dir.resolve(name))) {
      conf.writeXml(out);
    }
  }
}
