package dev.spindle.rm.web.ui;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Where a container's "Logs" link goes. While the logs are on the node it is the NM's log
 * page (/node/containerlogs/{container}/{user}, the URL in the container report). Once the
 * NMs have uploaded them (log aggregation on, the app finished), the node has deleted its
 * copy and its page only points at {@code yarn logs}: the link then goes to this RM's
 * {@link AggregatedLogsPage}, which reads the uploaded files as {@code yarn logs} does.
 */
final class ContainerLogLinks {

  private final boolean aggregated;

  private ContainerLogLinks(boolean aggregated) {
    this.aggregated = aggregated;
  }

  static ContainerLogLinks of(ApplicationReport app, Configuration conf) {
    LogAggregationStatus s = app.getLogAggregationStatus();
    boolean enabled = conf != null && conf.getBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED,
        YarnConfiguration.DEFAULT_LOG_AGGREGATION_ENABLED);
    boolean uploaded = s == LogAggregationStatus.SUCCEEDED || s == LogAggregationStatus.FAILED
        || s == LogAggregationStatus.TIME_OUT
        || s == LogAggregationStatus.RUNNING_WITH_FAILURE;
    return new ContainerLogLinks(enabled && app.getFinishTime() > 0 && uploaded);
  }

  /**
   * The link for a container, or null when there is nowhere to read its logs.
   *
   * @param report the RM's report of it, or null once the RM has forgotten it (a finished
   *               attempt's AM container): then only its aggregated logs can be linked
   */
  String url(ContainerId id, ContainerReport report) {
    if (aggregated) {
      return "/cluster/" + AggregatedLogsPage.NAME + "/" + id;
    }
    String url = report == null ? null : report.getLogUrl();
    return url == null || url.isEmpty() ? null : url;
  }
}
