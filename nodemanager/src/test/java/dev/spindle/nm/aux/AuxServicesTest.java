package dev.spindle.nm.aux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.NmDirs;
import java.io.DataInputStream;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock MapReduce ShuffleHandler runs in our host without the stock NM jar. */
class AuxServicesTest {
  @TempDir File tmp;

  @Test
  void theStockShuffleHandlerLoadsWithoutTheNmJarAndPublishesItsPort() throws Exception {
    assertThrows(ClassNotFoundException.class, () -> Class.forName(
        "org.apache.hadoop.yarn.server.nodemanager.containermanager.localizer.ContainerLocalizer"),
        "the stock NM jar must not be on this classpath");
    Configuration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_AUX_SERVICES, "mapreduce_shuffle");
    conf.set("yarn.nodemanager.aux-services.mapreduce_shuffle.class",
        "org.apache.hadoop.mapred.ShuffleHandler");
    conf.setInt("mapreduce.shuffle.port", 0);
    NmDirs dirs = new NmDirs(List.of(new File(tmp, "local")), List.of(new File(tmp, "logs")));
    dirs.create();
    AuxServicesHost host = new AuxServicesHost(new NmLocalPathHandler(dirs));
    host.init(conf);
    host.start();
    try {
      ByteBuffer meta = host.metaData().get("mapreduce_shuffle");
      assertNotNull(meta, "services_meta_data must carry mapreduce_shuffle");
      byte[] b = new byte[meta.remaining()];
      meta.duplicate().get(b);
      int port = new DataInputStream(new ByteArrayInputStream(b)).readInt();
      assertTrue(port > 0, "shuffle port " + port);
      assertNotNull(host.get("mapreduce_shuffle").getAuxiliaryLocalPathHandler());
    } finally {
      host.stop();
    }
  }

  @Test
  void thePathHandlerFindsFilesUnderAnyLocalDir() throws Exception {
    NmDirs dirs = new NmDirs(List.of(new File(tmp, "l1"), new File(tmp, "l2")),
        List.of(new File(tmp, "logs")));
    dirs.create();
    File out = new File(tmp, "l2/usercache/u/appcache/app_1_0001/output/a/file.out");
    Files.createDirectories(out.getParentFile().toPath());
    Files.writeString(out.toPath(), "x");
    NmLocalPathHandler h = new NmLocalPathHandler(dirs);
    assertEquals(out.getAbsolutePath(),
        h.getLocalPathForRead("usercache/u/appcache/app_1_0001/output/a/file.out").toString());
    assertThrows(java.io.IOException.class, () -> h.getLocalPathForRead("missing"));
  }

  @Test
  void invalidServiceNamesAreRejected() {
    Configuration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_AUX_SERVICES, "9lives");
    AuxServicesHost host = new AuxServicesHost(null);
    assertThrows(Exception.class, () -> host.init(conf));
  }
}
