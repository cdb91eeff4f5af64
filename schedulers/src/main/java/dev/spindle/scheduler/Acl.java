package dev.spindle.scheduler;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Hadoop access control list in its text form {@code "user1,user2 group1,group2"}: users,
 * one space, groups. {@code *} grants everyone; a blank string grants nobody (stock
 * {@code AccessControlList}).
 */
record Acl(boolean everyone, Set<String> users, Set<String> groups) {

  static final Acl ALL = new Acl(true, Set.of(), Set.of());
  static final Acl NONE = new Acl(false, Set.of(), Set.of());

  /** Who either ACL lets in. */
  Acl union(Acl other) {
    if (everyone || other.everyone) {
      return ALL;
    }
    Set<String> u = new java.util.TreeSet<>(users);
    u.addAll(other.users);
    Set<String> g = new java.util.TreeSet<>(groups);
    g.addAll(other.groups);
    return new Acl(false, u, g);
  }

  static Acl parse(String text) {
    if (text == null) {
      return NONE;
    }
    String trimmed = text.trim();
    if (trimmed.equals("*")) {
      return ALL;
    }
    if (trimmed.isEmpty()) {
      return NONE;
    }
    // Leading space means "no users, these groups".
    String stripped = text.stripTrailing();
    int space = stripped.indexOf(' ');
    String users = space < 0 ? stripped : stripped.substring(0, space);
    String groups = space < 0 ? "" : stripped.substring(space + 1);
    return new Acl(false, names(users), names(groups));
  }

  boolean allows(String user, List<String> userGroups) {
    if (everyone || users.contains(user)) {
      return true;
    }
    for (String group : userGroups) {
      if (groups.contains(group)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> names(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
