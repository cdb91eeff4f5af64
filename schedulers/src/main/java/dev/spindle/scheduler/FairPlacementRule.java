package dev.spindle.scheduler;

/**
 * One rule of a {@code queuePlacementPolicy}. Rules are tried in order; a rule that does not
 * apply (or would need a queue it may not create) passes to the next.
 *
 * @param create whether the rule may create the queue it names when it does not exist
 * @param queue  for {@code default}: the queue to use (default {@code root.default})
 * @param inner  for {@code nestedUserQueue}: the rule naming the parent of the user's queue
 */
record FairPlacementRule(Kind kind, boolean create, String queue, FairPlacementRule inner) {

  enum Kind {
    SPECIFIED("specified"), USER("user"), PRIMARY_GROUP("primaryGroup"),
    SECONDARY_GROUP_EXISTING_QUEUE("secondaryGroupExistingQueue"),
    NESTED_USER_QUEUE("nestedUserQueue"), DEFAULT("default"), REJECT("reject");

    final String element;

    Kind(String element) {
      this.element = element;
    }

    static Kind of(String element) {
      for (Kind k : values()) {
        if (k.element.equals(element)) {
          return k;
        }
      }
      return null;
    }
  }

  /** A rule after which no later rule is ever reached. */
  boolean terminal() {
    return switch (kind) {
      case DEFAULT, REJECT -> true;
      case USER, PRIMARY_GROUP -> create;
      default -> false;
    };
  }
}
