package dev.spindle.loadgen;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * An unmanaged application launched as the stock UnmanagedAMLauncher does it: submitted with
 * {@code setUnmanagedAM(true)}, its attempt awaited until LAUNCHED, its AMRM token put in a
 * user named after the attempt, for the scheduler address.
 */
record UnmanagedAttempt(ApplicationId appId, ApplicationAttemptId attempt,
    UserGroupInformation user) {

  /** The launched attempt, or null (with the reason told) when it did not get there. */
  static UnmanagedAttempt launch(YarnClient yarn, Configuration conf, String name,
      String type, String queue, Tally tally, long deadlineNanos) throws Exception {
    ApplicationSubmissionContext app = yarn.createApplication().getApplicationSubmissionContext();
    ApplicationId appId = app.getApplicationId();
    app.setApplicationName(name);
    app.setApplicationType(type);
    app.setQueue(queue);
    app.setUnmanagedAM(true);
    app.setMaxAppAttempts(1);
    app.setResource(Resource.newInstance(1024, 1));
    app.setAMContainerSpec(ContainerLaunchContext.newInstance(null, null, null, null, null, null));
    yarn.submitApplication(app);
    ApplicationAttemptId attempt = awaitLaunched(yarn, appId, tally, deadlineNanos);
    if (attempt == null) {
      return null;
    }
    Token<AMRMTokenIdentifier> token = yarn.getAMRMToken(appId);
    if (token == null) {
      tally.fail(appId + ": no AMRM token for the launched attempt");
      return null;
    }
    token.setService(ClientRMProxy.getAMRMTokenService(conf));
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(attempt.toString());
    ugi.addToken(token);
    return new UnmanagedAttempt(appId, attempt, ugi);
  }

  private static ApplicationAttemptId awaitLaunched(YarnClient yarn, ApplicationId appId,
      Tally tally, long deadlineNanos) throws Exception {
    while (System.nanoTime() < deadlineNanos) {
      ApplicationReport report = yarn.getApplicationReport(appId);
      YarnApplicationState state = report.getYarnApplicationState();
      if (state == YarnApplicationState.FINISHED || state == YarnApplicationState.FAILED
          || state == YarnApplicationState.KILLED) {
        tally.fail(appId + " ended " + state + " before its AM registered: "
            + report.getDiagnostics());
        return null;
      }
      ApplicationAttemptId attempt = report.getCurrentApplicationAttemptId();
      if (attempt != null && yarn.getApplicationAttemptReport(attempt)
          .getYarnApplicationAttemptState() == YarnApplicationAttemptState.LAUNCHED) {
        return attempt;
      }
      Thread.sleep(20);
    }
    tally.fail(appId + ": attempt not LAUNCHED before the timeout");
    return null;
  }
}
