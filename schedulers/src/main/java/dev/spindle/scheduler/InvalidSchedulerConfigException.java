package dev.spindle.scheduler;

/**
 * Thrown when a scheduler cannot be created because its configuration is invalid. At start-up
 * there is no previous configuration to keep serving, so the RM must fail to start, as the
 * stock RM does; a running scheduler reports the same problem as a {@link ConfigRejection}
 * from {@link Reconfigurable#reconfigure} instead.
 */
public final class InvalidSchedulerConfigException extends RuntimeException {

  private final transient ConfigRejection rejection;

  public InvalidSchedulerConfigException(ConfigRejection rejection) {
    super(rejection.message());
    this.rejection = rejection;
  }

  public ConfigRejection rejection() {
    return rejection;
  }
}
