package dev.spindle.rm.web.ui;

import dev.spindle.rm.web.ActiveRm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationAttemptsRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetApplicationReportRequest;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.logaggregation.ContainerLogFileInfo;
import org.apache.hadoop.yarn.logaggregation.ContainerLogMeta;
import org.apache.hadoop.yarn.logaggregation.ContainerLogsRequest;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileController;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileControllerFactory;

/**
 * /cluster/logs/{container}[/{file}]: a finished container's logs from the files the NMs
 * uploaded (yarn.nodemanager.remote-app-log-dir), read with the stock file controllers as
 * {@code yarn logs} reads them. Stock sends users to a JobHistory-style log server for this;
 * here the RM serves it, so the app page's log links keep working after the app ends. The
 * caller must be allowed to view the app; the owner comes from the RM, not the URL.
 */
final class AggregatedLogsPage implements Page {

  static final String NAME = "logs";

  /** The tail shown of a file: large logs are read with {@code yarn logs}. */
  private static final long TAIL_BYTES = 1 << 20;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String navLabel() {
    return null;
  }

  @Override
  public Rendered render(UiRequest req, List<String> args) throws PageError {
    if (args.isEmpty() || args.size() > 2) {
      throw PageError.notFound("Give a container: /cluster/logs/{container}[/{file}]");
    }
    ContainerId id;
    try {
      id = ContainerId.fromString(args.get(0));
    } catch (IllegalArgumentException e) {
      throw PageError.badRequest("Not a container id: " + args.get(0));
    }
    Configuration conf = req.conf();
    if (!conf.getBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED,
        YarnConfiguration.DEFAULT_LOG_AGGREGATION_ENABLED)) {
      throw PageError.notFound("Log aggregation is off (yarn.log-aggregation-enable): the"
          + " logs of " + id + " stay on its node.");
    }
    ApplicationId app = id.getApplicationAttemptId().getApplicationId();
    ActiveRm rm = req.rm();
    String owner = req.asCaller(() -> rm.client().getApplicationReport(
        GetApplicationReportRequest.newInstance(app)).getApplicationReport().getUser());
    // The attempts call checks the caller's view rights on the app (the report is redacted).
    req.asCaller(() -> rm.client().getApplicationAttempts(
        GetApplicationAttemptsRequest.newInstance(app)));
    ContainerLogsRequest request = new ContainerLogsRequest();
    request.setAppId(app);
    request.setAppOwner(owner);
    request.setContainerId(id.toString());
    String title = "Logs of " + id;
    try {
      LogAggregationFileController reader = new LogAggregationFileControllerFactory(conf)
          .getFileControllerForRead(app, owner);
      if (args.size() == 1) {
        return new Rendered(title, listing(id, reader.readAggregatedLogsMeta(request)));
      }
      String file = args.get(1);
      request.setLogTypes(Set.of(file));
      request.setBytes(-TAIL_BYTES);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      reader.readAggregatedLogs(request, out);
      String text = out.toString(StandardCharsets.UTF_8);
      if (text.isEmpty()) {
        throw PageError.notFound("No aggregated log " + file + " for " + id);
      }
      return new Rendered(title + ": " + file, "<p>" + Html.link("/cluster/logs/" + id,
          "All logs of this container") + " · the last " + Html.mb(TAIL_BYTES >> 20)
          + " at most; the whole file: <code>yarn logs -applicationId " + Html.esc(app)
          + " -containerId " + Html.esc(id) + " -log_files " + Html.esc(file)
          + "</code></p><pre id=\"log\">" + Html.esc(text) + "</pre>");
    } catch (IOException | RuntimeException e) {
      throw PageError.notFound("The aggregated logs of " + id + " cannot be read: "
          + e.getMessage());
    }
  }

  private static String listing(ContainerId id, List<ContainerLogMeta> metas)
      throws PageError {
    Table t = new Table("log-files").col("File").col("Node").num("Size").col("Modified")
        .whenEmpty("No aggregated logs for " + id + ".");
    for (ContainerLogMeta m : metas) {
      for (ContainerLogFileInfo f : m.getContainerLogMeta()) {
        t.row(f.getFileName())
            .link("/cluster/logs/" + id + "/" + Html.url(f.getFileName()), f.getFileName())
            .text(m.getNodeId()).sorted(f.getFileSize() + " bytes", f.getFileSize())
            .text(f.getLastModifiedTime());
      }
    }
    if (t.size() == 0) {
      throw PageError.notFound("No aggregated logs for " + id
          + " (not uploaded yet, or already deleted).");
    }
    return t.render();
  }
}
