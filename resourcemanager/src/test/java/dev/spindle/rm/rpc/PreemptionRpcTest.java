package dev.spindle.rm.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rm.SpindleResourceManager;
import dev.spindle.rm.TestConf;
import dev.spindle.rm.queues.SchedulerFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.PreemptionContainer;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's preemption monitor: with Capacity preemption on, a queue holding the whole
 * cluster is warned through the stock AMRMClient (strict contract), its containers are killed
 * with -102 after max_wait_before_kill, and the starved queue's AM is launched.
 */
class PreemptionRpcTest {

  @TempDir Path dir;

  @Test
  void theMonitorWarnsThenKillsAndTheStarvedQueueRuns() throws Exception {
    Files.writeString(dir.resolve("capacity-scheduler.xml"), """
        <configuration>
          <property><name>yarn.scheduler.capacity.root.queues</name><value>a,b</value></property>
          <property><name>yarn.scheduler.capacity.maximum-am-resource-percent</name><value>0.5</value></property>
          <property><name>yarn.scheduler.capacity.root.a.capacity</name><value>50</value></property>
          <property><name>yarn.scheduler.capacity.root.a.user-limit-factor</name><value>2</value></property>
          <property><name>yarn.scheduler.capacity.root.b.capacity</name><value>50</value></property>
        </configuration>
        """);
    YarnConfiguration base = TestConf.ephemeral();
    base.set(SchedulerFiles.CONF_DIR_KEY, dir.toString());
    base.setBoolean("yarn.resourcemanager.scheduler.monitor.enable", true);
    String p = "yarn.resourcemanager.monitor.capacity.preemption.";
    base.setLong(p + "monitoring_interval", 100);
    base.setLong(p + "max_wait_before_kill", 500);
    base.setFloat(p + "total_preemption_per_round", 1f);
    base.setFloat(p + "natural_termination_factor", 1f);
    SpindleResourceManager rm = new SpindleResourceManager();
    rm.init(base);
    rm.start();
    YarnConfiguration conf = new YarnConfiguration(rm.getConfig());
    YarnClient client = YarnClient.createYarnClient();
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    try (TestNode node = new TestNode(conf, 8192)) {
      client.init(conf);
      client.start();
      ApplicationSubmissionContext hog =
          ClientRmServiceTest.context(client.createApplication(), 1024);
      hog.setQueue("a");
      client.submitApplication(hog);
      UserGroupInformation am = UserGroupInformation.createRemoteUser("am");
      am.addCredentials(node.awaitAmCredentials());
      amrm.init(conf);
      as(am, () -> {
        amrm.start();
        return amrm.registerApplicationMaster("am-host", 1, "");
      });
      for (int i = 0; i < 7; i++) {
        amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(1024, 1), null,
            null, Priority.newInstance(1)));
      }
      Set<ContainerId> tasks = new HashSet<>();
      await(() -> {
        as(am, () -> amrm.allocate(0f)).getAllocatedContainers()
            .forEach(c -> tasks.add(c.getId()));
        return tasks.size() == 7;
      });

      ApplicationSubmissionContext starved =
          ClientRmServiceTest.context(client.createApplication(), 1024);
      starved.setQueue("b");
      client.submitApplication(starved);

      Set<ContainerId> warned = new HashSet<>();
      Set<ContainerId> killed = new HashSet<>();
      await(() -> {
        AllocateResponse r = as(am, () -> amrm.allocate(0f));
        if (r.getPreemptionMessage() != null) {
          for (PreemptionContainer c : r.getPreemptionMessage().getStrictContract()
              .getContainers()) {
            warned.add(c.getId());
          }
        }
        for (ContainerStatus s : r.getCompletedContainersStatuses()) {
          assertEquals(ContainerExitStatus.PREEMPTED, s.getExitStatus());
          killed.add(s.getContainerId());
        }
        return !killed.isEmpty() && killed.containsAll(warned);
      });
      assertTrue(tasks.containsAll(warned), "only task containers are taken: " + warned);
      assertEquals(warned, killed);
      // The freed space goes to b's AM: the RM launches a second AM on the node.
      await(() -> {
        node.heartbeat();
        return node.started.size() == 2;
      });
    } finally {
      amrm.stop();
      client.stop();
      rm.stop();
    }
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T as(UserGroupInformation ugi, Call<T> call) throws Exception {
    try {
      return ugi.doAs((PrivilegedExceptionAction<T>) call::run);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!condition.holds()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out");
      Thread.sleep(50);
    }
  }
}
