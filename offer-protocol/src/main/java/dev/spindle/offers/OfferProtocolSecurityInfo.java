package dev.spindle.offers;

import java.lang.annotation.Annotation;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.KerberosInfo;
import org.apache.hadoop.security.SecurityInfo;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.TokenInfo;
import org.apache.hadoop.security.token.TokenSelector;
import org.apache.hadoop.yarn.security.AMRMTokenSelector;

/**
 * Tells Hadoop RPC that {@link OfferProtocolPB} authenticates with the application attempt's
 * AMRM token, as yarn's SchedulerSecurityInfo does for ApplicationMasterProtocol. Registered
 * in META-INF/services/org.apache.hadoop.security.SecurityInfo; without it a client would
 * not pick the token from its UGI and would connect unauthenticated.
 */
public final class OfferProtocolSecurityInfo extends SecurityInfo {

  @Override
  public KerberosInfo getKerberosInfo(Class<?> protocol, Configuration conf) {
    return null; // AMs hold a token, never a Kerberos ticket, for the scheduler address
  }

  @Override
  public TokenInfo getTokenInfo(Class<?> protocol, Configuration conf) {
    if (!OfferProtocolPB.class.equals(protocol)) {
      return null;
    }
    return new TokenInfo() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return TokenInfo.class;
      }

      @Override
      public Class<? extends TokenSelector<? extends TokenIdentifier>> value() {
        return AMRMTokenSelector.class;
      }
    };
  }
}
