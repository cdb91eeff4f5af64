package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our NM registers with, heartbeats to, and unregisters from the stock ResourceManager. */
class StockRmRegistrationTest {
  @TempDir File tmp;

  @Test
  void registersWithRealPortResourceAndHttpPortThenHeartbeatsThenUnregisters() throws Exception {
    try (StockRm rm = new StockRm(new YarnConfiguration())) {
      SpindleNodeManager nm = new SpindleNodeManager();
      try {
        nm.init(rm.nmConf(tmp));
        nm.start();
        NodeId id = nm.getNodeId();
        assertEquals("localhost", id.getHost());
        assertTrue(id.getPort() > 0, "NodeId carries the bound port");
        RMNode node = rm.rm.getRMContext().getRMNodes().get(id);
        assertNotNull(node, "the stock RM knows the node right after start()");
        assertEquals(2048, node.getTotalCapability().getMemorySize());
        assertEquals(2, node.getTotalCapability().getVirtualCores());
        assertEquals(nm.getHttpPort(), node.getHttpPort());
        assertTrue(nm.getHttpPort() > 0);
        // Heartbeats: the RM moves the node to RUNNING and keeps seeing fresh ones.
        StockRm.await("node RUNNING", Duration.ofSeconds(20),
            () -> node.getState() == NodeState.RUNNING);
        long first = node.getLastHealthReportTime();
        StockRm.await("more heartbeats", Duration.ofSeconds(20),
            () -> node.getLastHealthReportTime() > first);
      } finally {
        nm.stop();
      }
      NodeId id = nm.getNodeId();
      StockRm.await("node SHUTDOWN after unRegister", Duration.ofSeconds(20), () -> {
        RMNode gone = rm.rm.getRMContext().getInactiveRMNodes().get(id);
        return gone != null && gone.getState() == NodeState.SHUTDOWN;
      });
    }
  }

  @Test
  void aShutdownAtRegistrationFailsStartWithTheRmsDiagnostics() throws Exception {
    YarnConfiguration rmConf = new YarnConfiguration();
    // The NM offers 2048 MB; the RM refuses nodes below its minimum allocation.
    rmConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 4096);
    rmConf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 8192);
    try (StockRm rm = new StockRm(rmConf, false)) {
      SpindleNodeManager nm = new SpindleNodeManager();
      try {
        nm.init(rm.nmConf(tmp));
        Exception e = assertThrows(Exception.class, nm::start);
        String all = String.valueOf(e) + " " + e.getCause();
        assertTrue(all.contains("SHUTDOWN") && all.contains("minimum allocations"), all);
      } finally {
        nm.stop();
      }
    }
  }

  @Test
  void aResyncMakesTheNodeRegisterAgainKeepingItsIdentity() throws Exception {
    try (StockRm rm = new StockRm(new YarnConfiguration())) {
      SpindleNodeManager nm = new SpindleNodeManager();
      try {
        nm.init(rm.nmConf(tmp));
        nm.start();
        NodeId id = nm.getNodeId();
        StockRm.await("node RUNNING", Duration.ofSeconds(20),
            () -> rm.rm.getRMContext().getRMNodes().get(id).getState() == NodeState.RUNNING);
        // Make the RM forget the node, as after an RM restart: its next heartbeat is
        // answered with RESYNC ("Node not found resyncing") and the NM must re-register.
        rm.rm.getRMContext().getRMNodes().remove(id);
        // The RM knows the node before the NM has read the registration's answer: wait for
        // both, or the identity check races the answer under load.
        StockRm.await("re-registration", Duration.ofSeconds(20),
            () -> rm.rm.getRMContext().getRMNodes().get(id) != null
                && nm.getContext().rmIdentifier() > 0);
        assertEquals(2048,
            rm.rm.getRMContext().getRMNodes().get(id).getTotalCapability().getMemorySize());
        assertEquals(org.apache.hadoop.yarn.server.resourcemanager.ResourceManager
            .getClusterTimeStamp(), nm.getContext().rmIdentifier(), "rmIdentifier restored");
      } finally {
        nm.stop();
      }
    }
  }

  @Test
  void twoNodeManagersWithTheShuffleServiceShareOneJvm() throws Exception {
    try (StockRm rm = new StockRm(new YarnConfiguration())) {
      SpindleNodeManager a = new SpindleNodeManager();
      SpindleNodeManager b = new SpindleNodeManager();
      try {
        for (SpindleNodeManager nm : new SpindleNodeManager[] {a, b}) {
          org.apache.hadoop.conf.Configuration c =
              rm.nmConf(new File(tmp, nm == a ? "a" : "b"));
          c.set(YarnConfiguration.NM_AUX_SERVICES, "mapreduce_shuffle");
          c.set("yarn.nodemanager.aux-services.mapreduce_shuffle.class",
              "org.apache.hadoop.mapred.ShuffleHandler");
          c.setInt("mapreduce.shuffle.port", 0);
          c.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, true);
          nm.init(c);
          nm.start();
        }
        assertTrue(!a.getNodeId().equals(b.getNodeId()));
        assertEquals(2, rm.rm.getRMContext().getRMNodes().size());
      } finally {
        b.stop();
        a.stop();
      }
    }
  }

  @Test
  void aShutdownInAHeartbeatStopsTheNode() throws Exception {
    File exclude = new File(tmp, "exclude");
    java.nio.file.Files.writeString(exclude.toPath(), "");
    YarnConfiguration rmConf = new YarnConfiguration();
    rmConf.set(YarnConfiguration.RM_NODES_EXCLUDE_FILE_PATH, exclude.getAbsolutePath());
    try (StockRm rm = new StockRm(rmConf)) {
      SpindleNodeManager nm = new SpindleNodeManager();
      try {
        nm.init(rm.nmConf(tmp));
        nm.start();
        java.nio.file.Files.writeString(exclude.toPath(), "localhost\n");
        // (AdminService#refreshNodes re-reads yarn-site.xml from the classpath; go to the
        // NodesListManager with the in-memory configuration instead.)
        rm.rm.getRMContext().getNodesListManager().refreshNodes(rm.conf());
        StockRm.await("NM stopped on SHUTDOWN", Duration.ofSeconds(30),
            () -> nm.getServiceState() == org.apache.hadoop.service.Service.STATE.STOPPED);
        assertTrue(nm.getRmShutdownDiagnostics().contains("Disallowed NodeManager"),
            nm.getRmShutdownDiagnostics());
      } finally {
        nm.stop();
      }
    }
  }
}
