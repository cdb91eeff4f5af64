package dev.spindle.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of Capacity's {@code yarn.scheduler.capacity.queue-mappings}:
 * {@code u:<user|%user>:<queue>} or {@code g:<group>:<queue>}, where the queue may be a leaf
 * name or path, {@code %user}, {@code %primary_group}, {@code %secondary_group}, or
 * {@code <parent>.%user} / {@code <parent>.%primary_group}. The first entry that matches wins
 * (stock {@code UserGroupMappingPlacementRule}).
 */
record QueueMapping(boolean byGroup, String source, String target) {

  static final String USER = "%user";
  static final String PRIMARY_GROUP = "%primary_group";
  static final String SECONDARY_GROUP = "%secondary_group";

  /** Parses the comma-separated list; throws IllegalArgumentException naming a bad entry. */
  static List<QueueMapping> parseList(String text) {
    List<QueueMapping> mappings = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return mappings;
    }
    for (String entry : text.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split(":", -1);
      if (parts.length != 3 || !(parts[0].equals("u") || parts[0].equals("g"))
          || parts[1].isBlank() || parts[2].isBlank()) {
        throw new IllegalArgumentException("queue-mappings entry '" + trimmed
            + "' is not u:<user>:<queue> or g:<group>:<queue>");
      }
      if (parts[0].equals("g") && parts[1].equals(USER)) {
        throw new IllegalArgumentException("queue-mappings entry '" + trimmed
            + "': %user is only allowed in u: entries");
      }
      mappings.add(new QueueMapping(parts[0].equals("g"), parts[1].trim(), parts[2].trim()));
    }
    return mappings;
  }

  /** True when the entry applies to this user. */
  boolean matches(String user, List<String> groups) {
    if (byGroup) {
      return groups.contains(source);
    }
    return source.equals(USER) || source.equals(user);
  }

  /**
   * The queue name or path the entry maps the user to, with placeholders filled in, or null
   * when a placeholder cannot be filled (e.g. no secondary group).
   */
  String resolve(String user, List<String> groups) {
    int dot = target.lastIndexOf('.');
    String parent = dot < 0 ? null : target.substring(0, dot);
    String leaf = dot < 0 ? target : target.substring(dot + 1);
    String name = switch (leaf) {
      case USER -> user;
      case PRIMARY_GROUP -> groups.isEmpty() ? null : groups.get(0);
      case SECONDARY_GROUP -> groups.size() < 2 ? null : groups.get(1);
      default -> leaf;
    };
    if (name == null) {
      return null;
    }
    return parent == null ? name : parent + "." + name;
  }

  /** True when the target holds no placeholder, so it can be checked when loading. */
  boolean staticTarget() {
    return !target.contains("%");
  }

  @Override
  public String toString() {
    return (byGroup ? "g:" : "u:") + source + ":" + target;
  }
}
