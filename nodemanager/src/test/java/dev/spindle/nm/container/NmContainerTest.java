package dev.spindle.nm.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.junit.jupiter.api.Test;

/** The container state machine, event by event. */
class NmContainerTest {
  private static NmContainer container() {
    ContainerId id = ContainerId.newContainerId(
        ApplicationAttemptId.newInstance(ApplicationId.newInstance(1L, 1), 1), 1);
    ContainerTokenIdentifier t = new ContainerTokenIdentifier(id, "h:1", "u",
        Resource.newInstance(1, 1), Long.MAX_VALUE, 1, 1L, Priority.newInstance(0), 0L);
    return new NmContainer(t, ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        List.of("true"), null, null, null), new Credentials(), 0L);
  }

  @Test
  void aNaturalExitCompletesWithTheProcessExitCode() {
    NmContainer c = container();
    c.apply(new ContainerEvent.LocalizationStarted());
    assertEquals(NmContainer.Action.LAUNCH, c.apply(new ContainerEvent.LaunchRequested()));
    assertEquals(ContainerState.RUNNING, c.status().getState());
    assertEquals(NmContainer.Action.COMPLETED, c.apply(new ContainerEvent.Exited(3, "boom")));
    assertEquals(3, c.status().getExitStatus());
    assertEquals(ContainerState.COMPLETE, c.status().getState());
  }

  @Test
  void aKillWhileLocalizingNeverLaunchesAndReportsTheKillReason() {
    NmContainer c = container();
    c.apply(new ContainerEvent.LocalizationStarted());
    assertEquals(NmContainer.Action.NONE,
        c.apply(new ContainerEvent.KillRequested(-106, "by RM")));
    assertEquals(NmContainer.Action.ABORT_LAUNCH, c.apply(new ContainerEvent.LaunchRequested()));
    assertEquals(-106, c.getExitCode());
    assertEquals(NmContainerState.COMPLETE, c.getState());
  }

  @Test
  void aKillBeforeTheProcessIsAttachedKillsItOnAttachAndTheKillCodeWins() {
    NmContainer c = container();
    c.apply(new ContainerEvent.LaunchRequested());
    assertEquals(NmContainer.Action.NONE,
        c.apply(new ContainerEvent.KillRequested(-105, "by AM")));
    assertEquals(NmContainer.Action.KILL_PROCESS, c.apply(new ContainerEvent.Launched(null)));
    c.apply(new ContainerEvent.Exited(143, "term"));
    assertEquals(-105, c.getExitCode());
  }

  @Test
  void eventsAfterCompletionAreIgnored() {
    NmContainer c = container();
    c.apply(new ContainerEvent.Failed(-1000, "localization failed"));
    assertEquals(NmContainer.Action.NONE, c.apply(new ContainerEvent.KillRequested(-105, "x")));
    assertEquals(-1000, c.getExitCode());
  }
}
