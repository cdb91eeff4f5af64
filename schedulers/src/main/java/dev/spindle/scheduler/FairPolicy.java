package dev.spindle.scheduler;

/**
 * A Fair queue's {@code schedulingPolicy}: how its children (queues or applications) are
 * ordered. {@code fair} shares memory only, {@code drf} shares the dominant resource,
 * {@code fifo} (leaf queues only) serves applications by priority and submission.
 */
enum FairPolicy {
  FAIR, DRF, FIFO;

  /** Parses a short name or a stock policy class name; null when unknown. */
  static FairPolicy parse(String text) {
    String t = text.trim();
    int dot = t.lastIndexOf('.');
    String name = dot < 0 ? t : t.substring(dot + 1);
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "fair", "fairsharepolicy" -> FAIR;
      case "drf", "dominantresourcefairnesspolicy" -> DRF;
      case "fifo", "fifopolicy" -> FIFO;
      default -> null;
    };
  }

  /**
   * The stock "depth" rule: a parent may only have children whose policy is no more
   * general than its own (fifo < fair < drf); a fair parent may not have a drf child.
   */
  boolean allowsChild(FairPolicy child) {
    return child.ordinal() <= ordinal() || child == FIFO;
  }
}
