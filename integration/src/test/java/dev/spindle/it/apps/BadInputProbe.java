package dev.spindle.it.apps;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Bad input from inside a real ApplicationMaster, each followed by a good request to show
 * that the daemon still serves: an ask above the maximum allocation, then a container start
 * with a forged container token, then a genuine start that must run to exit code 0.
 */
final class BadInputProbe {

  private final AMRMClient<ContainerRequest> amrm;
  private final YarnConfiguration conf;
  private final List<String> findings = new ArrayList<>();

  BadInputProbe(AMRMClient<ContainerRequest> amrm, YarnConfiguration conf) {
    this.amrm = amrm;
    this.conf = conf;
  }

  /** Runs every probe; returns what went wrong, or an empty string. */
  String run() throws Exception {
    askAboveMaximumIsRefused();
    Container container = allocateOne();
    if (container != null) {
      forgedContainerTokenIsRefused(container);
      genuineStartRunsToCompletion(container);
    }
    return String.join("; ", findings);
  }

  private void askAboveMaximumIsRefused() throws Exception {
    Resource tooBig = Resource.newInstance(64L * 1024 * 1024, 1);
    ContainerRequest request = new ContainerRequest(tooBig, null, null, Priority.newInstance(7));
    amrm.addContainerRequest(request);
    try {
      amrm.allocate(0.1f);
      findings.add("ask above the maximum was accepted");
    } catch (InvalidResourceRequestException expected) {
      System.out.println("ask above maximum refused: " + expected.getMessage());
    } catch (YarnException other) {
      findings.add("ask above the maximum got " + other.getClass().getName() + " instead of "
          + "InvalidResourceRequestException: " + other.getMessage());
    } finally {
      amrm.removeContainerRequest(request);
    }
  }

  private Container allocateOne() throws Exception {
    amrm.addContainerRequest(
        new ContainerRequest(Resource.newInstance(128, 1), null, null, Priority.newInstance(1)));
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      AllocateResponse response = amrm.allocate(0.2f);
      if (!response.getAllocatedContainers().isEmpty()) {
        return response.getAllocatedContainers().get(0);
      }
      Thread.sleep(200);
    }
    findings.add("no container allocated within 60 s after the refused ask");
    return null;
  }

  private void forgedContainerTokenIsRefused(Container genuine) {
    Token token = genuine.getContainerToken();
    byte[] password = token.getPassword().array().clone();
    password[0] ^= 0x5a;
    Token forged = Token.newInstance(token.getIdentifier().array(), token.getKind(), password,
        token.getService());
    Container forgedContainer = Container.newInstance(genuine.getId(), genuine.getNodeId(),
        genuine.getNodeHttpAddress(), genuine.getResource(), genuine.getPriority(), forged);
    try (NMClient nm = startedNmClient()) {
      nm.startContainer(forgedContainer, launchContext("true"));
      findings.add("start with a forged container token was accepted");
    } catch (Exception expected) {
      System.out.println("forged token refused: " + expected);
    }
  }

  private void genuineStartRunsToCompletion(Container container) throws Exception {
    try (NMClient nm = startedNmClient()) {
      nm.startContainer(container, launchContext("exit 0"));
    }
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      for (ContainerStatus status : amrm.allocate(0.9f).getCompletedContainersStatuses()) {
        if (status.getContainerId().equals(container.getId())) {
          if (status.getExitStatus() != 0) {
            findings.add("genuine container ended with " + status.getExitStatus() + ": "
                + status.getDiagnostics());
          }
          return;
        }
      }
      Thread.sleep(200);
    }
    findings.add("genuine container did not complete within 60 s");
  }

  private NMClient startedNmClient() {
    NMClient nm = NMClient.createNMClient();
    // Closing the client must not kill the genuine container before it reports completion.
    nm.cleanupRunningContainersOnStop(false);
    nm.init(conf);
    nm.start();
    return nm;
  }

  private static ContainerLaunchContext launchContext(String shell) {
    return ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("/bin/bash -c '" + shell + "'"), Map.<String, ByteBuffer>of(), null, Map.of());
  }
}
