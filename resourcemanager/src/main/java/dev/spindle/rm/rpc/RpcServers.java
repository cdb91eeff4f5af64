package dev.spindle.rm.rpc;

import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.ipc.YarnRPC;

/** Starts Hadoop IPC servers for the RM's protocols and publishes their bound addresses. */
public final class RpcServers {

  private RpcServers() {}

  /**
   * Starts a server for {@code protocol} on the address in {@code addressKey} (the bind host
   * honoured), then writes the bound port back into {@code conf} under that key, keeping the
   * configured host name, so peers started later connect to the real port.
   */
  public static <T extends TokenIdentifier> Server start(Class<?> protocol, Object impl,
      Configuration conf, Configuration serverConf, String addressKey, String defaultAddress,
      int defaultPort, SecretManager<T> secretManager, int handlers) {
    return start(protocol, impl, conf, serverConf, addressKey, defaultAddress, defaultPort,
        secretManager, handlers, server -> { });
  }

  /**
   * The same, with {@code beforeStart} run on the server before it takes calls (to add
   * further protocols: a call for one that is not there yet would be refused).
   */
  public static <T extends TokenIdentifier> Server start(Class<?> protocol, Object impl,
      Configuration conf, Configuration serverConf, String addressKey, String defaultAddress,
      int defaultPort, SecretManager<T> secretManager, int handlers,
      java.util.function.Consumer<Server> beforeStart) {
    InetSocketAddress bind = conf.getSocketAddr(YarnConfiguration.RM_BIND_HOST, addressKey,
        defaultAddress, defaultPort);
    Server server = YarnRPC.create(conf).getServer(protocol, impl, bind, serverConf,
        secretManager, handlers);
    beforeStart.accept(server);
    server.start();
    publish(conf, addressKey, defaultAddress, server.getListenerAddress().getPort());
    return server;
  }

  /** Writes host:port under {@code key}: the configured host, or this host for a wildcard. */
  public static void publish(Configuration conf, String key, String defaultAddress, int port) {
    String configured = conf.getTrimmed(key, defaultAddress);
    String host = configured.contains(":")
        ? configured.substring(0, configured.lastIndexOf(':')) : configured;
    if (host.isEmpty() || "0.0.0.0".equals(host)) {
      host = NetUtils.getConnectAddress(new InetSocketAddress("0.0.0.0", port)).getHostName();
    }
    conf.set(key, host + ":" + port);
  }
}
