package dev.spindle.rm.admin;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authorize.AccessControlList;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;

/**
 * Who may call the admin protocol: yarn.admin.acl plus the user the RM runs as (stock adds
 * the daemon user to the list, so an RM can always be administered by its own account).
 */
final class AdminAcl {

  private final String daemonUser;
  private volatile AccessControlList acl;

  AdminAcl(Configuration conf) throws IOException {
    this.daemonUser = UserGroupInformation.getCurrentUser().getShortUserName();
    reload(conf);
  }

  void reload(Configuration conf) {
    AccessControlList next = new AccessControlList(
        conf.get(YarnConfiguration.YARN_ADMIN_ACL, YarnConfiguration.DEFAULT_YARN_ADMIN_ACL));
    next.addUser(daemonUser);
    acl = next;
  }

  /** The calling user, when allowed; otherwise the exception stock RMAdminCLI prints. */
  UserGroupInformation check(String method) throws YarnException {
    UserGroupInformation user;
    try {
      user = UserGroupInformation.getCurrentUser();
    } catch (IOException e) {
      throw RPCUtil.getRemoteException(e);
    }
    if (!acl.isUserAllowed(user)) {
      throw RPCUtil.getRemoteException(new AccessControlException("User "
          + user.getShortUserName() + " doesn't have permission to call '" + method + "'"));
    }
    return user;
  }
}
