package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
}
