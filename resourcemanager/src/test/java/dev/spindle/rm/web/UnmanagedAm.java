package dev.spindle.rm.web;

import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * An application of a named user whose AM is this test (unmanaged, as the stock
 * UnmanagedAMLauncher runs one): submitted by that user over the real client protocol, then
 * registered and asking over the real AM-RM protocol with the AMRM token from its report. No
 * AM container is involved, so a user's usage is exactly the containers it asks for.
 */
public final class UnmanagedAm implements AutoCloseable {

  public final ApplicationId id;
  public final List<Container> allocated = new ArrayList<>();
  private final YarnClient client;
  private final UserGroupInformation attempt;
  private final AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();

  public UnmanagedAm(Configuration conf, String user, String queue) throws Exception {
    UserGroupInformation submitter = UserGroupInformation.createRemoteUser(user);
    client = client(conf, submitter);
    id = submit(client, submitter, queue, true);
    Token<AMRMTokenIdentifier> token = null;
    long deadline = System.currentTimeMillis() + 60_000;
    while ((token = as(submitter, () -> client.getAMRMToken(id))) == null) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(id + " never reached LAUNCHED");
      }
      Thread.sleep(20);
    }
    token.setService(ClientRMProxy.getAMRMTokenService(conf));
    attempt = UserGroupInformation.createRemoteUser(
        token.decodeIdentifier().getApplicationAttemptId().toString());
    attempt.addToken(token);
    amrm.init(conf);
    as(attempt, () -> {
      amrm.start();
      return amrm.registerApplicationMaster("localhost", 0, "");
    });
  }

  /** A started client speaking for {@code user}. */
  public static YarnClient client(Configuration conf, UserGroupInformation user) throws Exception {
    return as(user, () -> {
      YarnClient c = YarnClient.createYarnClient();
      c.init(conf);
      c.start();
      return c;
    });
  }

  /** Submits an application of {@code user} with a 1 GB AM, unmanaged or in a container. */
  public static ApplicationId submit(YarnClient client, UserGroupInformation user, String queue,
      boolean unmanaged) throws Exception {
    ApplicationSubmissionContext ctx = as(user, () -> client.createApplication())
        .getApplicationSubmissionContext();
    ctx.setQueue(queue);
    ctx.setUnmanagedAM(unmanaged);
    ctx.setResource(Resource.newInstance(1024, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(null, null,
        unmanaged ? null : java.util.List.of("sleep 1"), null, null, null));
    as(user, () -> client.submitApplication(ctx));
    return ctx.getApplicationId();
  }

  /** Asks for {@code count} containers of {@code memoryMb} anywhere, then heartbeats once. */
  public void ask(int count, int memoryMb) throws Exception {
    for (int i = 0; i < count; i++) {
      amrm.addContainerRequest(new ContainerRequest(Resource.newInstance(memoryMb, 1), null,
          null, Priority.newInstance(1)));
    }
    heartbeat();
  }

  /** One AM heartbeat; keeps what it was given. */
  public void heartbeat() throws Exception {
    allocated.addAll(as(attempt, () -> amrm.allocate(0.1f)).getAllocatedContainers());
  }

  @Override
  public void close() {
    amrm.stop();
    client.stop();
  }

  public interface Call<T> {
    T run() throws Exception;
  }

  public static <T> T as(UserGroupInformation ugi, Call<T> call) throws Exception {
    try {
      return ugi.doAs((PrivilegedExceptionAction<T>) call::run);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }
}
