package dev.spindle.scheduler;

/**
 * A configuration problem found while parsing, carried out of deep parser code to the one
 * place that turns it into a {@link ConfigRejection}. Never escapes the package: the public
 * answer is always the rejection (or {@link InvalidSchedulerConfigException} at start-up).
 */
final class ConfigProblem extends Exception {

  final transient ConfigRejection rejection;

  ConfigProblem(String file, String queue, String problem) {
    super(problem, null, false, false);
    this.rejection = new ConfigRejection(file, queue, problem);
  }
}
