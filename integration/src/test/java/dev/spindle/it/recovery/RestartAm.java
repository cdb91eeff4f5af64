package dev.spindle.it.recovery;

import java.net.InetAddress;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * An ApplicationMaster for restart tests: attempt 1 registers and heartbeats until it is
 * stopped (by its NodeManager or by losing its RM); any later attempt registers and finishes
 * SUCCEEDED, naming its AM container in the diagnostics.
 */
public final class RestartAm {

  private RestartAm() {}

  public static void main(String[] args) throws Exception {
    ContainerId containerId = ContainerId.fromString(
        System.getenv(ApplicationConstants.Environment.CONTAINER_ID.name()));
    int attempt = containerId.getApplicationAttemptId().getAttemptId();
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(new YarnConfiguration());
    amrm.start();
    amrm.registerApplicationMaster(InetAddress.getLocalHost().getHostName(), -1, "");
    System.out.println("registered " + containerId);
    if (attempt == 1) {
      while (true) {
        amrm.allocate(0.5f);
        Thread.sleep(200);
      }
    }
    amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED,
        "finished in " + containerId, "");
    amrm.stop();
  }
}
