package dev.spindle.rm.core;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/**
 * The RM settings the core reads, taken once from the configuration.
 *
 * @param clusterTimestamp  when this RM became active; first part of every application id and
 *                          the rmIdentifier handed to NodeManagers
 * @param webProxyBase      scheme://host:port the tracking URLs point at (the RM web address)
 * @param aclsEnabled       yarn.acl.enable: application ACLs are enforced
 * @param adminAcl          yarn.admin.acl: who may see and change every application
 * @param maxApplicationPriority yarn.cluster.max-application-priority: higher ones are capped
 * @param logAggregationEnabled  yarn.log-aggregation-enable: else app reports say DISABLED
 * @param logAggregationStatusTimeoutMs  after an app finished, nodes silent this long about
 *                          its logs count as TIME_OUT
 * @param offerTimeoutMs    offer mode: an offer unanswered this long is rescinded, so a silent
 *                          framework cannot hoard resources (spindle.offers.timeout-ms, 15 s)
 * @param offerPollIntervalMs offer mode: how often frameworks are told to poll
 */
public record RmSettings(
    long clusterTimestamp,
    int defaultMaxAttempts,
    int globalMaxAttempts,
    long nmExpiryMs,
    long amExpiryMs,
    long heartbeatIntervalMs,
    int maxCompletedApps,
    long containerAllocationExpiryMs,
    String webProxyBase,
    boolean aclsEnabled,
    String adminAcl,
    int maxApplicationPriority,
    boolean logAggregationEnabled,
    long logAggregationStatusTimeoutMs,
    long offerTimeoutMs,
    long offerPollIntervalMs) {

  /** How long an offer may stay unanswered before it is rescinded. */
  public static final String OFFER_TIMEOUT_MS = "spindle.offers.timeout-ms";
  public static final long DEFAULT_OFFER_TIMEOUT_MS = 15_000;
  /** How often frameworks poll (the registration answer tells them). */
  public static final String OFFER_POLL_INTERVAL_MS = "spindle.offers.poll-interval-ms";
  public static final long DEFAULT_OFFER_POLL_INTERVAL_MS = 1_000;

  public static RmSettings from(Configuration conf, long clusterTimestamp) {
    int defaultMax = conf.getInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS,
        YarnConfiguration.DEFAULT_RM_AM_MAX_ATTEMPTS);
    int globalMax = conf.getInt(YarnConfiguration.GLOBAL_RM_AM_MAX_ATTEMPTS, defaultMax);
    return new RmSettings(clusterTimestamp, defaultMax, globalMax,
        conf.getLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS,
            YarnConfiguration.DEFAULT_RM_NM_EXPIRY_INTERVAL_MS),
        conf.getLong(YarnConfiguration.RM_AM_EXPIRY_INTERVAL_MS,
            YarnConfiguration.DEFAULT_RM_AM_EXPIRY_INTERVAL_MS),
        conf.getLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS,
            YarnConfiguration.DEFAULT_RM_NM_HEARTBEAT_INTERVAL_MS),
        conf.getInt(YarnConfiguration.RM_MAX_COMPLETED_APPLICATIONS,
            YarnConfiguration.DEFAULT_RM_MAX_COMPLETED_APPLICATIONS),
        conf.getLong(YarnConfiguration.RM_CONTAINER_ALLOC_EXPIRY_INTERVAL_MS,
            YarnConfiguration.DEFAULT_RM_CONTAINER_ALLOC_EXPIRY_INTERVAL_MS),
        // A wildcard web address resolves to this host, as stock tracking URLs do.
        WebAppUtils.getResolvedRMWebAppURLWithScheme(conf),
        conf.getBoolean(YarnConfiguration.YARN_ACL_ENABLE, YarnConfiguration.DEFAULT_YARN_ACL_ENABLE),
        conf.get(YarnConfiguration.YARN_ADMIN_ACL, YarnConfiguration.DEFAULT_YARN_ADMIN_ACL),
        conf.getInt(YarnConfiguration.MAX_CLUSTER_LEVEL_APPLICATION_PRIORITY,
            YarnConfiguration.DEFAULT_CLUSTER_LEVEL_APPLICATION_PRIORITY),
        conf.getBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED,
            YarnConfiguration.DEFAULT_LOG_AGGREGATION_ENABLED),
        logAggregationTimeout(conf),
        Math.max(1, conf.getLong(OFFER_TIMEOUT_MS, DEFAULT_OFFER_TIMEOUT_MS)),
        Math.max(10, conf.getLong(OFFER_POLL_INTERVAL_MS, DEFAULT_OFFER_POLL_INTERVAL_MS)));
  }

  /** A non-positive time-out means the default, as on the stock RM. */
  private static long logAggregationTimeout(Configuration conf) {
    long ms = conf.getLong(YarnConfiguration.LOG_AGGREGATION_STATUS_TIME_OUT_MS,
        YarnConfiguration.DEFAULT_LOG_AGGREGATION_STATUS_TIME_OUT_MS);
    return ms <= 0 ? YarnConfiguration.DEFAULT_LOG_AGGREGATION_STATUS_TIME_OUT_MS : ms;
  }

  /**
   * The effective maximum attempts of an application (yarn-compat 7.2): the submitted value
   * when in [1, global], the RM default when not positive, the global limit when above it.
   */
  public int effectiveMaxAttempts(int submitted) {
    if (submitted <= 0) {
      return Math.min(defaultMaxAttempts, globalMaxAttempts);
    }
    return Math.min(submitted, globalMaxAttempts);
  }

  /** The RM proxy URL of an application, as stock reports give it. */
  public String proxyUrl(String appId) {
    return webProxyBase + "/proxy/" + appId + "/";
  }
}
