package dev.spindle.nm.container;

import dev.spindle.nm.launch.ContainerProcess;

/** Something that happened to one container; fed to {@link NmContainer#apply}. */
public sealed interface ContainerEvent {
  /** The worker began localizing resources. */
  record LocalizationStarted() implements ContainerEvent {}

  /** Resources are in place; the worker asks whether it may launch. */
  record LaunchRequested() implements ContainerEvent {}

  /** The process was started. */
  record Launched(ContainerProcess process) implements ContainerEvent {}

  /** The process ended with this exit code; diagnostics already built by the launcher. */
  record Exited(int exitCode, String diagnostics) implements ContainerEvent {}

  /** Localization or launch failed before a process existed. */
  record Failed(int exitCode, String diagnostics) implements ContainerEvent {}

  /** Someone (AM, RM, app cleanup, NM shutdown) wants the container gone. */
  record KillRequested(int exitStatus, String diagnostics) implements ContainerEvent {}
}
