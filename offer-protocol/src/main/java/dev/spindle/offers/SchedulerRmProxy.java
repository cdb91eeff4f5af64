package dev.spindle.offers;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.client.RMProxy;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * What the stock RM failover proxy providers ({@code ConfiguredRMFailoverProxyProvider} and
 * the others of {@code yarn.client.failover-proxy-provider}) ask of an {@link RMProxy}, for the
 * offer protocol: the scheduler address of the RM the provider's configuration names (its
 * {@code yarn.resourcemanager.ha.id} set to the rm-id it is trying, so
 * {@code YarnConfiguration.getSocketAddr} reads {@code yarn.resourcemanager.scheduler.address.<rm-id>}),
 * and a connection to it as the attempt's user. {@code ClientRMProxy} plays this part for
 * {@code ApplicationMasterProtocol}, but only for the protocols it knows.
 */
final class SchedulerRmProxy extends RMProxy<OfferProtocol> {

  private final UserGroupInformation user;

  SchedulerRmProxy(UserGroupInformation user) {
    this.user = user;
  }

  @Override
  public void checkAllowedProtocols(Class<?> protocol) {
    if (protocol != OfferProtocol.class) {
      throw new IllegalArgumentException("only the offer protocol, not " + protocol);
    }
  }

  @Override
  public InetSocketAddress getRMAddress(YarnConfiguration conf, Class<?> protocol) {
    return OfferRpc.schedulerAddress(conf);
  }

  @Override
  public <T> T getProxy(Configuration conf, Class<T> protocol, InetSocketAddress rmAddress)
      throws IOException {
    return protocol.cast(OfferRpc.translator(conf, rmAddress, user));
  }
}
