package dev.spindle.rm.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;

/** Records what the core asked the launcher to do; tests report the outcome back by hand. */
final class RecordingLauncher implements AmLauncher {

  final List<LaunchRequest> launches = new ArrayList<>();
  final List<ApplicationAttemptId> stops = new ArrayList<>();

  @Override
  public void launch(LaunchRequest request) {
    launches.add(request);
  }

  @Override
  public void stop(ApplicationAttemptId attemptId, ContainerGrant container) {
    stops.add(attemptId);
  }

  LaunchRequest last() {
    return launches.get(launches.size() - 1);
  }
}
