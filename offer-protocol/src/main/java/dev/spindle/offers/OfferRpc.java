package dev.spindle.offers;

import dev.spindle.offers.proto.OfferProtos.OfferProtocolService;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.ProtobufRpcEngine2;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Where the offer protocol meets Hadoop RPC: serving it on an existing RPC server (the RM's
 * scheduler server, beside ApplicationMasterProtocol, so both share the port and the AMRM
 * token secret manager) and connecting a client to it.
 */
public final class OfferRpc {

  private OfferRpc() {}

  /**
   * Adds the offer protocol to {@code server}, which must be a protobuf RPC server built with
   * the AMRM token secret manager (as the scheduler server made by YarnRPC is). Works before
   * and after the server starts. Refusals are logged by the server without a stack trace:
   * they are answers, not faults.
   */
  public static void serveOn(Server server, OfferService service) {
    server.addTerseExceptions(OfferProtocolException.class);
    ((RPC.Server) server).addProtocol(RPC.RpcKind.RPC_PROTOCOL_BUFFER, OfferProtocolPB.class,
        OfferProtocolService.newReflectiveBlockingService(
            new OfferProtocolServerTranslator(service)));
  }

  /**
   * Connects to the offer protocol at {@code address} as {@code user}, whose credentials must
   * hold the attempt's AMRM token (an AM's current user does: YARN puts it in the container's
   * token file).
   */
  public static OfferProtocolClient connect(Configuration conf, InetSocketAddress address,
      UserGroupInformation user) throws IOException {
    Configuration rpcConf = new Configuration(conf);
    RPC.setProtocolEngine(rpcConf, OfferProtocolPB.class, ProtobufRpcEngine2.class);
    try {
      OfferProtocolPB proxy = user.doAs(
          (java.security.PrivilegedExceptionAction<OfferProtocolPB>) () -> RPC.getProxy(
              OfferProtocolPB.class, OfferProtocolPB.VERSION, address, rpcConf));
      return new OfferProtocolClient(proxy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + address, e);
    }
  }

  /** The RM's scheduler address (yarn.resourcemanager.scheduler.address), where offers live. */
  public static InetSocketAddress schedulerAddress(Configuration conf) {
    return conf.getSocketAddr(YarnConfiguration.RM_SCHEDULER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_PORT);
  }
}
