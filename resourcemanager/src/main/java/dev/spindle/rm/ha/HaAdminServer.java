package dev.spindle.rm.ha;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol;
import org.apache.hadoop.ha.proto.HAServiceProtocolProtos.HAServiceProtocolService;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolPB;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolServerSideTranslatorPB;
import org.apache.hadoop.ipc.ProtobufRpcEngine2;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The RPC server for HAServiceProtocol on this RM's admin address, up in every HA state
 * (yarn-compat 5: the admin port stays up in standby).
 *
 * <p>Note: the admin protocol server (ResourceManagerAdministrationProtocol) is being built on
 * another branch. Once merged, HAServiceProtocol should be registered on that server (which
 * must then also stay up in standby) and this class removed; until then this server binds the
 * admin address only because nobody else does.
 */
public final class HaAdminServer {

  private HaAdminServer() {}

  public static Server start(Configuration conf, HAServiceProtocol protocol) throws IOException {
    Configuration serverConf = new Configuration(conf);
    RPC.setProtocolEngine(serverConf, HAServiceProtocolPB.class, ProtobufRpcEngine2.class);
    InetSocketAddress address = conf.getSocketAddr(YarnConfiguration.RM_BIND_HOST,
        YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.DEFAULT_RM_ADMIN_ADDRESS,
        YarnConfiguration.DEFAULT_RM_ADMIN_PORT);
    Server server = new RPC.Builder(serverConf)
        .setProtocol(HAServiceProtocolPB.class)
        .setInstance(HAServiceProtocolService.newReflectiveBlockingService(
            new HAServiceProtocolServerSideTranslatorPB(protocol)))
        .setBindAddress(address.getHostString())
        .setPort(address.getPort())
        .setNumHandlers(1)
        .setVerbose(false)
        .build();
    server.start();
    return server;
  }
}
