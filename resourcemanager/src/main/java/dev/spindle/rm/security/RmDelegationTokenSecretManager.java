package dev.spindle.rm.security;

import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenSecretManager;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.client.RMDelegationTokenIdentifier;

/**
 * Issues, renews and cancels RM delegation tokens (kind RM_DELEGATION_TOKEN) and checks them
 * when a client authenticates with one on the client port (yarn-compat 1.9). Key rolling and
 * token expiry run on hadoop-common's own threads, independent of the core; tokens and keys
 * are kept in memory only until the state store exists.
 */
public class RmDelegationTokenSecretManager
    extends AbstractDelegationTokenSecretManager<RMDelegationTokenIdentifier> {

  public RmDelegationTokenSecretManager(Configuration conf) {
    // yarn-default.xml writes some of these with units ("1h"): read them as durations.
    super(ms(conf, YarnConfiguration.RM_DELEGATION_KEY_UPDATE_INTERVAL_KEY,
            YarnConfiguration.RM_DELEGATION_KEY_UPDATE_INTERVAL_DEFAULT),
        ms(conf, YarnConfiguration.RM_DELEGATION_TOKEN_MAX_LIFETIME_KEY,
            YarnConfiguration.RM_DELEGATION_TOKEN_MAX_LIFETIME_DEFAULT),
        ms(conf, YarnConfiguration.RM_DELEGATION_TOKEN_RENEW_INTERVAL_KEY,
            YarnConfiguration.RM_DELEGATION_TOKEN_RENEW_INTERVAL_DEFAULT),
        ms(conf, YarnConfiguration.RM_DELEGATION_TOKEN_REMOVE_SCAN_INTERVAL_KEY,
            YarnConfiguration.RM_DELEGATION_TOKEN_REMOVE_SCAN_INTERVAL_DEFAULT));
  }

  private static long ms(Configuration conf, String key, long defaultMs) {
    return conf.getTimeDuration(key, defaultMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public RMDelegationTokenIdentifier createIdentifier() {
    return new RMDelegationTokenIdentifier();
  }
}
