package dev.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.applications.distributedshell.Client;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stock DistributedShell client and AM, unchanged, on Spindle's RM and NodeManagers. */
@ExtendWith(SharedCluster.class)
class DistributedShellTest {

  @Test
  void runsACommandInTwoContainersAndSucceeds() throws Exception {
    String marker = "spindle-ds-" + System.nanoTime();
    Client client = new Client(SharedCluster.conf());
    boolean parsed = client.init(new String[] {
        "--jar", dsJar(),
        "--shell_command", "echo " + marker,
        "--num_containers", "2",
        "--master_memory", "256",
        "--container_memory", "128",
        "--timeout", "120000"});
    assertTrue(parsed);

    assertTrue(client.run(), "DistributedShell reported failure");

    ApplicationReport report = lastDistributedShellReport();
    assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    // Both shell containers really ran the command: their stdout holds the marker.
    assertEquals(2, stdoutFilesContaining(report, marker), "containers that printed the marker");
  }

  static String dsJar() {
    return Client.class.getProtectionDomain().getCodeSource().getLocation().getPath();
  }

  private static ApplicationReport lastDistributedShellReport() throws Exception {
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(SharedCluster.conf());
      yarn.start();
      List<ApplicationReport> apps = yarn.getApplications(java.util.Set.of("YARN"));
      return apps.stream()
          .filter(a -> a.getName().equals("DistributedShell"))
          .max(java.util.Comparator.comparing(ApplicationReport::getApplicationId))
          .orElseThrow();
    }
  }

  private static long stdoutFilesContaining(ApplicationReport report, String marker)
      throws IOException {
    String appId = report.getApplicationId().toString();
    try (Stream<Path> files = Files.walk(SharedCluster.cluster().getBaseDir())) {
      return files
          .filter(p -> p.getFileName().toString().equals("stdout"))
          .filter(p -> p.toString().contains(appId))
          .filter(p -> read(p).contains(marker))
          .count();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
