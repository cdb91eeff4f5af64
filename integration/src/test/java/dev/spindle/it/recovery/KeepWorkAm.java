package dev.spindle.it.recovery;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * An ApplicationMaster for work-preserving restart tests, like DistributedShell with a
 * long-running command: it starts two {@code sleep} containers and heartbeats until the file
 * {@code <dir>/done} appears, then unregisters. It writes its containers' ids to
 * {@code <dir>/containers}, any of them that ends early to {@code <dir>/lost}, and the time
 * each allocate came back to {@code <dir>/allocated} (so a test sees when the first one
 * served by a restarted RM, after the stock AMRMClient re-registered, succeeded).
 */
public final class KeepWorkAm {

  private KeepWorkAm() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    YarnConfiguration conf = new YarnConfiguration();
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(conf);
    amrm.start();
    NMClient nm = NMClient.createNMClient();
    nm.init(conf);
    nm.start();
    amrm.registerApplicationMaster(InetAddress.getLocalHost().getHostName(), -1, "");
    for (int i = 0; i < 2; i++) {
      amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(128, 1), null, null,
          Priority.newInstance(1)));
    }
    List<String> started = new ArrayList<>();
    while (!Files.exists(dir.resolve("done"))) {
      AllocateResponse r = amrm.allocate(0.5f);
      Path tmp = Files.writeString(dir.resolve("allocated.tmp"),
          Long.toString(System.currentTimeMillis()));
      Files.move(tmp, dir.resolve("allocated"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      for (Container c : r.getAllocatedContainers()) {
        amrm.removeContainerRequest(new ContainerRequest(Resource.newInstance(128, 1), null,
            null, Priority.newInstance(1)));
        nm.startContainer(c, ContainerLaunchContext.newInstance(Map.of(), Map.of(),
            List.of("sleep 300"), null, null, null));
        started.add(c.getId().toString());
        if (started.size() == 2) {
          Files.writeString(dir.resolve("containers"), String.join("\n", started));
        }
      }
      for (ContainerStatus s : r.getCompletedContainersStatuses()) {
        Files.writeString(dir.resolve("lost"), s.getContainerId() + " " + s.getDiagnostics()
            + "\n", java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      }
      Thread.sleep(200);
    }
    amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "kept " + started, "");
    nm.stop();
    amrm.stop();
  }
}
