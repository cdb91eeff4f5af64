package dev.spindle.scheduler;

/**
 * Why a scheduler configuration was refused: the file, the queue (when one is to blame) and
 * the problem. The scheduler that refuses it keeps running on its previous configuration.
 *
 * @param file    the configuration file name, e.g. {@code capacity-scheduler.xml}
 * @param queue   the full queue path concerned, or null for a file-wide problem
 * @param problem what is wrong, in words an admin can act on
 */
public record ConfigRejection(String file, String queue, String problem) {

  /** One line for logs and admin replies: {@code file: queue root.a: problem}. */
  public String message() {
    return queue == null ? file + ": " + problem : file + ": queue " + queue + ": " + problem;
  }
}
