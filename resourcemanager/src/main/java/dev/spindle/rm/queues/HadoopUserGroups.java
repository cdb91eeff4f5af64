package dev.spindle.rm.queues;

import dev.spindle.scheduler.UserGroups;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.Groups;

/**
 * Queue ACLs and placement rules backed by Hadoop's user-to-groups mapping
 * ({@code hadoop.security.group.mapping}), the one refreshUserToGroupsMappings refreshes.
 */
public final class HadoopUserGroups implements UserGroups {

  private final Groups groups;

  public HadoopUserGroups(Configuration conf) {
    this.groups = Groups.getUserToGroupsMappingService(conf);
  }

  @Override
  public List<String> groupsOf(String user) {
    try {
      return groups.getGroups(user);
    } catch (IOException e) {
      // Stock treats a user without groups (or a failing lookup) as a member of none.
      return List.of();
    }
  }

  /** Drops cached group lists (the admin's refreshUserToGroupsMappings). */
  public void refresh() {
    groups.refresh();
  }
}
