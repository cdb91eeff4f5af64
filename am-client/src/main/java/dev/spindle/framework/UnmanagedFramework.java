package dev.spindle.framework;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
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
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * A framework whose AM is the calling process (an unmanaged AM, as the stock
 * {@code UnmanagedAMLauncher} runs one): submits the application with {@code YarnClient},
 * waits for its attempt, and holds the attempt's AMRM token in a user of its own, ready for
 * an {@link OfferDriver}. What {@code bin/spindle offer-shell} and tests start frameworks with.
 */
public final class UnmanagedFramework implements AutoCloseable {

  private final YarnClient yarn;
  private final ApplicationId appId;
  private final ApplicationAttemptId attempt;
  private final UserGroupInformation user;

  private UnmanagedFramework(YarnClient yarn, ApplicationId appId, ApplicationAttemptId attempt,
      UserGroupInformation user) {
    this.yarn = yarn;
    this.appId = appId;
    this.attempt = attempt;
    this.user = user;
  }

  /** Submits an unmanaged application named {@code name} to {@code queue} and waits for it. */
  public static UnmanagedFramework submit(Configuration conf, String name, String queue,
      Duration timeout) throws IOException, YarnException, InterruptedException {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    try {
      ApplicationSubmissionContext ctx = yarn.createApplication().getApplicationSubmissionContext();
      ctx.setApplicationName(name);
      ctx.setApplicationType("SPINDLE-FRAMEWORK");
      if (queue != null) {
        ctx.setQueue(queue);
      }
      ctx.setUnmanagedAM(true);
      ctx.setResource(Resource.newInstance(1, 1));
      ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(null, null, null, null, null,
          null));
      ApplicationId appId = yarn.submitApplication(ctx);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        ApplicationReport report = yarn.getApplicationReport(appId);
        YarnApplicationState state = report.getYarnApplicationState();
        if (EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED,
            YarnApplicationState.KILLED).contains(state)) {
          throw new IOException(appId + " ended " + state + " before its AM could register: "
              + report.getDiagnostics());
        }
        ApplicationAttemptId attempt = report.getCurrentApplicationAttemptId();
        if (attempt != null && report.getAMRMToken() != null && yarn.getApplicationAttemptReport(
            attempt).getYarnApplicationAttemptState() == YarnApplicationAttemptState.LAUNCHED) {
          return new UnmanagedFramework(yarn, appId, attempt, userWith(conf, attempt, report));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(appId + " not launched after " + timeout + " (state " + state
              + ", " + report.getDiagnostics() + ")");
        }
        Thread.sleep(100);
      }
    } catch (IOException | YarnException | InterruptedException | RuntimeException e) {
      yarn.close();
      throw e;
    }
  }

  /** A user named after the attempt holding its AMRM token for the scheduler address. */
  private static UserGroupInformation userWith(Configuration conf, ApplicationAttemptId attempt,
      ApplicationReport report) throws IOException {
    org.apache.hadoop.yarn.api.records.Token t = report.getAMRMToken();
    Token<AMRMTokenIdentifier> token = new Token<>(t.getIdentifier().array(),
        t.getPassword().array(), new Text(t.getKind()), new Text(t.getService()));
    token.setService(ClientRMProxy.getAMRMTokenService(conf));
    UserGroupInformation user = UserGroupInformation.createRemoteUser(attempt.toString());
    user.addToken(token);
    return user;
  }

  public ApplicationId appId() {
    return appId;
  }

  public ApplicationAttemptId attempt() {
    return attempt;
  }

  /** The user holding the attempt's AMRM token: give it to an {@link OfferDriver}. */
  public UserGroupInformation user() {
    return user;
  }

  /** A driver for this framework (not started). */
  public OfferDriver driver(FrameworkScheduler scheduler, FrameworkInfo info,
      Configuration conf) throws IOException {
    return new OfferDriver(scheduler, info, conf, user);
  }

  /** The application's report now. */
  public ApplicationReport report() throws IOException, YarnException {
    return yarn.getApplicationReport(appId);
  }

  @Override
  public void close() throws IOException {
    yarn.close();
  }
}
