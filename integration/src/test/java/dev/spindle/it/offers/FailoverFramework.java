package dev.spindle.it.offers;

import dev.spindle.framework.Filters;
import dev.spindle.framework.FrameworkInfo;
import dev.spindle.framework.OfferDriver;
import dev.spindle.framework.Registration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A framework AM run by the RM in a container, for the AM-failover test. Attempt 1 launches
 * two long tasks, writes their ids to {@code DIR/attempt1} and dies without unregistering.
 * Attempt 2 registers (a failover), writes the flag and the tasks it was handed to
 * {@code DIR/attempt2}, waits for {@code DIR/done} and unregisters.
 */
public final class FailoverFramework {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    ContainerId self = ContainerId.fromString(System.getenv(
        ApplicationConstants.Environment.CONTAINER_ID.name()));
    int attempt = self.getApplicationAttemptId().getAttemptId();
    Recorder recorder = new Recorder();
    OfferDriver driver = new OfferDriver(recorder, FrameworkInfo.named("failover",
        "localhost"), new YarnConfiguration());
    Registration registration = driver.start();
    if (attempt == 1) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (recorder.held.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      var offer = recorder.held.values().iterator().next();
      List<Container> tasks = driver.accept(List.of(offer.id()), List.of(
          Recorder.sleeper(256, 1, "task-1"), Recorder.sleeper(256, 1, "task-2")),
          Filters.DEFAULT);
      while (recorder.running.size() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      Files.writeString(dir.resolve("attempt1"), tasks.stream()
          .map(c -> c.getId().toString()).sorted().collect(Collectors.joining("\n")));
      driver.abort();
      System.exit(1);
    }
    Files.writeString(dir.resolve("attempt2.tmp"), registration.failover() + "\n"
        + registration.runningContainers().stream().map(c -> c.getId().toString()).sorted()
            .collect(Collectors.joining("\n")));
    Files.move(dir.resolve("attempt2.tmp"), dir.resolve("attempt2"));
    while (!Files.exists(dir.resolve("done"))) {
      Thread.sleep(100);
    }
    driver.stop(FinalApplicationStatus.SUCCEEDED, "done");
    System.exit(0);
  }

  private FailoverFramework() {}
}
