package dev.spindle.offers;

import dev.spindle.offers.proto.OfferProtos.OfferProtocolService;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.retry.RetryPolicy;
import org.apache.hadoop.io.retry.RetryProxy;
import org.apache.hadoop.ipc.ProtobufRpcEngine2;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.yarn.client.ConfiguredRMFailoverProxyProvider;
import org.apache.hadoop.yarn.client.RMFailoverProxyProvider;
import org.apache.hadoop.yarn.client.RMProxy;
import org.apache.hadoop.yarn.conf.HAUtil;
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
   * Connects to the offer protocol of the RM(s) {@code conf} names: with RM HA
   * (yarn.resourcemanager.ha.enabled) through a failover proxy over every rm-id's
   * {@code yarn.resourcemanager.scheduler.address.<rm-id>}, as {@code AMRMClient}'s
   * {@code RMProxy} builds it; without, at the one scheduler address, exactly as
   * {@link #connect(Configuration, InetSocketAddress, UserGroupInformation)}.
   */
  public static OfferProtocolClient connect(Configuration conf, UserGroupInformation user)
      throws IOException {
    if (!HAUtil.isHAEnabled(conf)) {
      return connect(conf, schedulerAddress(conf), user);
    }
    return new OfferProtocolClient(failoverProxy(new YarnConfiguration(conf), user));
  }

  /**
   * Connects to the offer protocol at {@code address} as {@code user}, whose credentials must
   * hold the attempt's AMRM token (an AM's current user does: YARN puts it in the container's
   * token file).
   */
  public static OfferProtocolClient connect(Configuration conf, InetSocketAddress address,
      UserGroupInformation user) throws IOException {
    return new OfferProtocolClient(translator(conf, address, user));
  }

  /**
   * The stock pieces AMRMClient fails over with, put together for the offer protocol: the
   * configured RM failover proxy provider (by default {@code ConfiguredRMFailoverProxyProvider},
   * which tries the rm-ids in turn and limits each connection's own retries to
   * {@code yarn.client.failover-retries}), and {@code RMProxy}'s HA retry policy (fail over on
   * a connection refused, a standby, an EOF or a timeout, sleeping
   * {@code yarn.client.failover-sleep-base-ms} to {@code -max-ms}, up to
   * {@code yarn.client.failover-max-attempts} or, unset, as many as fit in
   * {@code yarn.resourcemanager.connect.max-wait.ms}). A refusal of the RM is an answer and
   * comes back at once.
   */
  @SuppressWarnings("unchecked")
  private static OfferProtocol failoverProxy(YarnConfiguration conf, UserGroupInformation user) {
    RMFailoverProxyProvider<OfferProtocol> provider = ReflectionUtils.newInstance(
        conf.getClass(YarnConfiguration.CLIENT_FAILOVER_PROXY_PROVIDER,
            ConfiguredRMFailoverProxyProvider.class, RMFailoverProxyProvider.class), conf);
    provider.init(conf, new SchedulerRmProxy(user), OfferProtocol.class);
    RetryPolicy policy = RMProxy.createRetryPolicy(conf, true);
    return (OfferProtocol) RetryProxy.create(OfferProtocol.class, provider, policy);
  }

  /** One RM's connection, answers as RemoteException (what a failover provider holds). */
  static OfferProtocolTranslator translator(Configuration conf, InetSocketAddress address,
      UserGroupInformation user) throws IOException {
    Configuration rpcConf = new Configuration(conf);
    RPC.setProtocolEngine(rpcConf, OfferProtocolPB.class, ProtobufRpcEngine2.class);
    try {
      OfferProtocolPB proxy = user.doAs(
          (java.security.PrivilegedExceptionAction<OfferProtocolPB>) () -> RPC.getProxy(
              OfferProtocolPB.class, OfferProtocolPB.VERSION, address, rpcConf));
      return new OfferProtocolTranslator(proxy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + address, e);
    }
  }

  /**
   * The RM's scheduler address (yarn.resourcemanager.scheduler.address), where offers live;
   * with HA, that of the rm-id in yarn.resourcemanager.ha.id (YarnConfiguration reads the
   * suffixed key).
   */
  public static InetSocketAddress schedulerAddress(Configuration conf) {
    return conf.getSocketAddr(YarnConfiguration.RM_SCHEDULER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_PORT);
  }
}
