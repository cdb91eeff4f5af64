package dev.spindle.rm.core;

import dev.spindle.scheduler.QueueAcls;
import dev.spindle.scheduler.Scheduler;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authorize.AccessControlList;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.AdminACLsManager;

/**
 * Who may see an application in full (VIEW_APP) or change it (MODIFY_APP) when
 * {@code yarn.acl.enable} is on, as the stock ClientRMService#checkAccess decides: an admin
 * ({@code yarn.admin.acl}, the RM's own user included), the owner, a user or group in the
 * submission's ACL for that access type (none by default), or an administrator of the
 * application's queue or an ancestor. With ACLs off everyone may do everything. Loop-owned.
 */
final class AppAccess {

  /** Stock DEFAULT_YARN_APP_ACL: an access type the submission names no ACL for admits nobody. */
  private static final String NOBODY = " ";

  private final AdminACLsManager admins;
  private final Scheduler scheduler;

  AppAccess(boolean aclsEnabled, String adminAcl, Scheduler scheduler) {
    Configuration conf = new Configuration(false);
    conf.setBoolean(YarnConfiguration.YARN_ACL_ENABLE, aclsEnabled);
    conf.set(YarnConfiguration.YARN_ADMIN_ACL, adminAcl);
    this.admins = new AdminACLsManager(conf);
    this.scheduler = scheduler;
  }

  boolean allows(UserGroupInformation caller, ApplicationAccessType type, RmApp app,
      String queuePath) {
    if (!admins.areACLsEnabled()) {
      return true;
    }
    if (admins.isAdmin(caller) || caller.getShortUserName().equals(app.submission.user())) {
      return true;
    }
    Map<ApplicationAccessType, String> acls =
        app.submission.context().getAMContainerSpec().getApplicationACLs();
    String acl = acls == null ? null : acls.get(type);
    if (new AccessControlList(acl == null ? NOBODY : acl).isUserAllowed(caller)) {
      return true;
    }
    return scheduler instanceof QueueAcls queues
        && queues.canAdminister(caller.getShortUserName(), queuePath);
  }
}
