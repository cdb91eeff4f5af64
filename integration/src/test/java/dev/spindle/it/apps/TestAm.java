package dev.spindle.it.apps;

import java.net.InetAddress;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A small ApplicationMaster built on the stock {@code AMRMClient}, run in a real container by
 * the end-to-end tests. The first argument picks its behaviour:
 *
 * <ul>
 *   <li>{@code fail-first-attempt}: registers, then exits 3 without unregistering on attempt 1;
 *       unregisters SUCCEEDED on any later attempt.
 *   <li>{@code always-fail}: registers, then exits 3 without unregistering.
 *   <li>{@code sleep}: registers and heartbeats until it is killed.
 *   <li>{@code probe}: runs {@link BadInputProbe} and unregisters SUCCEEDED only when every
 *       probe saw the error a stock client expects (FAILED with the findings otherwise).
 * </ul>
 */
public final class TestAm {

  /** Exit code of a deliberate AM failure, asserted in diagnostics. */
  public static final int FAILURE_EXIT_CODE = 3;

  private TestAm() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    ContainerId containerId =
        ContainerId.fromString(System.getenv(ApplicationConstants.Environment.CONTAINER_ID.name()));
    int attempt = containerId.getApplicationAttemptId().getAttemptId();
    YarnConfiguration conf = new YarnConfiguration();
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(conf);
    amrm.start();
    amrm.registerApplicationMaster(InetAddress.getLocalHost().getHostName(), -1, "");
    System.out.println("registered attempt " + attempt + " in mode " + mode);
    switch (mode) {
      case "fail-first-attempt" -> {
        if (attempt == 1) {
          System.exit(FAILURE_EXIT_CODE);
        }
        amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "attempt " + attempt, "");
      }
      case "always-fail" -> System.exit(FAILURE_EXIT_CODE);
      case "say" -> {
        // Prints the rest of the arguments to stdout, then succeeds (log tests read it back).
        System.out.println(String.join(" ", java.util.Arrays.asList(args).subList(1, args.length)));
        amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "said it", "");
      }
      case "sleep" -> {
        while (true) {
          amrm.allocate(0.5f);
          Thread.sleep(300);
        }
      }
      case "probe" -> {
        String findings = new BadInputProbe(amrm, conf).run();
        if (findings.isEmpty()) {
          amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "all probes ok", "");
        } else {
          amrm.unregisterApplicationMaster(FinalApplicationStatus.FAILED, findings, "");
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    amrm.stop();
  }
}
