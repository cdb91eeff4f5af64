package dev.spindle.scheduler;

import java.util.List;

/**
 * The groups of a user, primary group first. Injected at construction so ACLs and placement
 * rules stay pure; the RM backs it with Hadoop's group mapping.
 */
@FunctionalInterface
public interface UserGroups {

  List<String> groupsOf(String user);

  /** Every user belongs to no group. */
  UserGroups NONE = user -> List.of();
}
