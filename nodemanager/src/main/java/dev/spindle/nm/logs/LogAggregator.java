package dev.spindle.nm.logs;

import dev.spindle.nm.DelayedDeleter;
import dev.spindle.nm.NmContext;
import dev.spindle.nm.container.NmApplication;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.logaggregation.AggregatedLogFormat.LogKey;
import org.apache.hadoop.yarn.logaggregation.AggregatedLogFormat.LogValue;
import org.apache.hadoop.yarn.logaggregation.LogAggregationUtils;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileController;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileControllerContext;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileControllerFactory;
import org.apache.hadoop.yarn.server.api.protocolrecords.LogAggregationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a finished application's container logs to
 * {@code yarn.nodemanager.remote-app-log-dir} when {@code yarn.log-aggregation-enable} is
 * set, through the configured stock file controller ({@code yarn.log-aggregation.file-formats},
 * TFile by default), so {@code yarn logs} reads them exactly as from a stock NM. One worker
 * thread uploads apps one after the other (a controller holds one writer at a time); the
 * outcome goes to the RM in the next heartbeat; the local logs are then deleted.
 *
 * <p>With aggregation off the local logs are kept for {@code yarn.nodemanager.log.retain-seconds}
 * (the stock NonAggregatingLogHandler).
 */
public final class LogAggregator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogAggregator.class);

  private final NmContext ctx;
  private final DelayedDeleter deleter;
  private final boolean enabled;
  /** For readers (web threads): its controllers are not the writer's instance. */
  private final LogAggregationFileControllerFactory readers;
  private final LogAggregationFileController writer;
  private final ExecutorService worker;
  /** Owners of apps that finished here (bounded), to find their aggregated logs later. */
  private final Map<ApplicationId, String> owners = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ApplicationId, String> eldest) {
          return size() > 10_000;
        }
      });
  /** Outcomes not yet delivered to the RM. */
  private final Queue<LogAggregationReport> reports = new ConcurrentLinkedQueue<>();

  public LogAggregator(NmContext ctx, DelayedDeleter deleter) {
    this.ctx = ctx;
    this.deleter = deleter;
    this.enabled = ctx.conf().getBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED,
        YarnConfiguration.DEFAULT_LOG_AGGREGATION_ENABLED);
    this.readers = new LogAggregationFileControllerFactory(ctx.conf());
    this.writer = enabled
        ? new LogAggregationFileControllerFactory(ctx.conf()).getFileControllerForWrite() : null;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nm-log-aggregation");
      t.setDaemon(true);
      return t;
    });
  }

  /** Creates the remote root dir if missing (stock NM start-up does the same). */
  public void start() {
    if (enabled) {
      writer.verifyAndCreateRemoteLogDir();
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /** The stock controllers, for reading aggregated logs back (web listing). */
  public LogAggregationFileControllerFactory factory() {
    return readers;
  }

  /** The app's last container on this node ended and the RM finished it. */
  public void appFinished(NmApplication app) {
    owners.put(app.getId(), app.getUser());
    List<File> appLogDirs = new ArrayList<>();
    for (File root : ctx.dirs().logDirs()) {
      appLogDirs.add(new File(root, app.getId().toString()));
    }
    if (!enabled) {
      long retainSec = ctx.conf().getLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS,
          YarnConfiguration.DEFAULT_NM_LOG_RETAIN_SECONDS);
      deleter.deleteAfter(appLogDirs, TimeUnit.SECONDS.toMillis(retainSec));
      return;
    }
    try {
      worker.execute(() -> {
        boolean ok = upload(app);
        if (ok) {
          deleter.delete(appLogDirs);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.warn("NM stopping; logs of {} stay local", app.getId());
    }
  }

  /** Uploads every container log dir of the app into one file per node; true on success. */
  private boolean upload(NmApplication app) {
    ApplicationId appId = app.getId();
    String user = app.getUser();
    List<ContainerId> containers = containersWithLogs(appId);
    if (containers.isEmpty()) {
      // Nothing ran here that logged: nothing to upload, as the stock aggregator reports.
      report(appId, LogAggregationStatus.SUCCEEDED, "");
      return true;
    }
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(user);
    List<String> roots = ctx.dirs().logDirs().stream().map(File::getPath).toList();
    String diagnostics;
    boolean ok;
    try {
      writer.createAppDir(user, appId, ugi);
      Path remote = writer.getRemoteNodeLogFileForApp(appId, user, ctx.nodeId());
      Path tmp = new Path(remote.getParent(),
          remote.getName() + LogAggregationUtils.TMP_FILE_SUFFIX);
      LogAggregationFileControllerContext fileCtx = new LogAggregationFileControllerContext(
          remote, tmp, false, -1, appId, app.getAcls(), ctx.nodeId(), ugi);
      writer.initializeWriter(fileCtx);
      try {
        for (ContainerId c : containers) {
          writer.write(new LogKey(c), new LogValue(roots, c, user,
              app.getLogAggregationContext(), new HashSet<>(), null, true, true));
        }
        fileCtx.setUploadedLogsInThisCycle(true);
        fileCtx.setLogUploadTimeStamp(System.currentTimeMillis());
        fileCtx.increLogAggregationTimes();
        writer.postWrite(fileCtx);
      } finally {
        writer.closeWriter();
      }
      ok = true;
      diagnostics = "Log uploaded successfully for Application: " + appId
          + " in NodeManager: " + LogAggregationUtils.getNodeString(ctx.nodeId());
      LOG.info("Aggregated the logs of {} ({} containers) to {}", appId, containers.size(),
          remote);
    } catch (Exception e) {
      ok = false;
      diagnostics = "Log aggregation of " + appId + " failed on "
          + ctx.nodeId() + ": " + e;
      LOG.warn("{}", diagnostics, e);
    }
    report(appId, ok ? LogAggregationStatus.SUCCEEDED : LogAggregationStatus.FAILED,
        diagnostics);
    return ok;
  }

  private List<ContainerId> containersWithLogs(ApplicationId appId) {
    List<ContainerId> out = new ArrayList<>();
    for (File root : ctx.dirs().logDirs()) {
      File[] dirs = new File(root, appId.toString()).listFiles(File::isDirectory);
      if (dirs == null) {
        continue;
      }
      for (File d : dirs) {
        try {
          ContainerId id = ContainerId.fromString(d.getName());
          if (!out.contains(id)) {
            out.add(id);
          }
        } catch (IllegalArgumentException e) {
          LOG.debug("Not a container log dir: {}", d);
        }
      }
    }
    return out;
  }

  private void report(ApplicationId appId, LogAggregationStatus status, String diagnostics) {
    reports.add(LogAggregationReport.newInstance(appId, status, diagnostics));
  }

  /** The owner of an app that finished on this node, or null. */
  public String ownerOf(ApplicationId app) {
    return owners.get(app);
  }

  /** Takes the outcomes for the next heartbeat. */
  public List<LogAggregationReport> takeReports() {
    List<LogAggregationReport> out = new ArrayList<>();
    LogAggregationReport r;
    while ((r = reports.poll()) != null) {
      out.add(r);
    }
    return out;
  }

  /** A heartbeat that carried them failed: send them again. */
  public void putBack(List<LogAggregationReport> undelivered) {
    reports.addAll(undelivered);
  }

  @Override
  public void close() throws InterruptedException {
    // Let a running upload finish (it leaves only a .tmp file if cut short); drop queued ones.
    worker.shutdown();
    if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
      worker.shutdownNow();
    }
  }
}
