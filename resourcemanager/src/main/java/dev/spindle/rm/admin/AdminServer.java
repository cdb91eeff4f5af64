package dev.spindle.rm.admin;

import dev.spindle.rm.rpc.RpcServers;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.ResourceManagerAdministrationProtocol;

/**
 * The RM's admin RPC server on yarn.resourcemanager.admin.address: the one place that builds
 * it. It serves ResourceManagerAdministrationProtocol; other admin-side protocols (e.g.
 * HAServiceProtocol) join the same server through {@link #addProtocol}, as on the stock RM.
 */
public final class AdminServer extends AbstractService {

  private record Extra(Class<?> pbProtocol, Object blockingService) {}

  private final ResourceManagerAdministrationProtocol admin;
  private final List<Extra> extras = new ArrayList<>();
  private Server server;

  public AdminServer(ResourceManagerAdministrationProtocol admin) {
    super(AdminServer.class.getSimpleName());
    this.admin = admin;
  }

  /**
   * Serves another protobuf protocol on the admin port, e.g.
   * {@code addProtocol(HAServiceProtocolPB.class, HAServiceProtocolService
   * .newReflectiveBlockingService(new HAServiceProtocolServerSideTranslatorPB(impl)))}.
   * Works before and after start.
   */
  public synchronized void addProtocol(Class<?> pbProtocol, Object blockingService) {
    extras.add(new Extra(pbProtocol, blockingService));
    if (server != null) {
      ((RPC.Server) server).addProtocol(RPC.RpcKind.RPC_PROTOCOL_BUFFER, pbProtocol, blockingService);
    }
  }

  /** The admin protocol this server answers with (an HA member delegates to it). */
  public ResourceManagerAdministrationProtocol protocol() {
    return admin;
  }

  /** The running server (null before start). */
  public synchronized Server server() {
    return server;
  }

  @Override
  protected synchronized void serviceStart() throws Exception {
    Configuration conf = getConfig();
    server = RpcServers.start(ResourceManagerAdministrationProtocol.class, admin, conf, conf,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.DEFAULT_RM_ADMIN_ADDRESS,
        YarnConfiguration.DEFAULT_RM_ADMIN_PORT, null,
        conf.getInt(YarnConfiguration.RM_ADMIN_CLIENT_THREAD_COUNT,
            YarnConfiguration.DEFAULT_RM_ADMIN_CLIENT_THREAD_COUNT));
    for (Extra e : extras) {
      ((RPC.Server) server).addProtocol(RPC.RpcKind.RPC_PROTOCOL_BUFFER, e.pbProtocol(), e.blockingService());
    }
    super.serviceStart();
  }

  @Override
  protected synchronized void serviceStop() throws Exception {
    if (server != null) {
      server.stop();
    }
    super.serviceStop();
  }
}
