package dev.spindle.mini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spindle cluster} writes a client configuration that a stock client can use alone. */
class LocalClusterTest {

  @TempDir Path dir;

  @Test
  void aStockClientReachesTheClusterThroughTheWrittenConfDirAlone() throws Exception {
    Path confDir = dir.resolve("conf");
    try (LocalCluster ignored =
        LocalCluster.start(new YarnConfiguration(), 1, dir.resolve("data"), confDir)) {
      // Exactly what HADOOP_CONF_DIR gives a stock client: the site files over the defaults.
      YarnConfiguration clientConf = ConfDir.load(confDir);
      try (YarnClient yarn = YarnClient.createYarnClient()) {
        yarn.init(clientConf);
        yarn.start();
        assertEquals(1, yarn.getNodeReports(NodeState.RUNNING).size());
      }
    }
  }
}
