package dev.spindle.rm.ha;

import dev.spindle.rm.SpindleResourceManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.apache.hadoop.ipc.StandbyException;
import org.apache.hadoop.yarn.server.api.ResourceManagerAdministrationProtocol;

/**
 * The admin protocol of an HA member: every call goes to the active RM's own admin protocol;
 * in standby it fails with StandbyException, on which {@code yarn rmadmin}'s failover proxy
 * moves to the next rm-id (yarn-compat 5, 6.3).
 */
final class ActiveAdmin {

  private ActiveAdmin() {}

  static ResourceManagerAdministrationProtocol of(String rmId,
      Supplier<SpindleResourceManager> active) {
    return (ResourceManagerAdministrationProtocol) Proxy.newProxyInstance(
        ActiveAdmin.class.getClassLoader(),
        new Class<?>[] {ResourceManagerAdministrationProtocol.class},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(rmId, args);
          }
          SpindleResourceManager rm = active.get();
          if (rm == null || rm.adminServer() == null) {
            throw new StandbyException("ResourceManager " + rmId + " is not Active!");
          }
          try {
            return method.invoke(rm.adminServer().protocol(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
