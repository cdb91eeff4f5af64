package dev.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.it.apps.TestApps;
import java.net.InetSocketAddress;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets the error a stock client expects, and the daemons keep serving. */
@ExtendWith(SharedCluster.class)
class BadInputTest {

  @Test
  void anAmSeesStockErrorsForAnOversizedAskAndAForgedContainerToken() throws Exception {
    try (YarnClient yarn = client()) {
      ApplicationId id = TestApps.submit(yarn, SharedCluster.cluster().getConfDir().toFile(),
          "probe", 1);

      ApplicationReport report = TestApps.awaitFinal(yarn, id, Duration.ofSeconds(120));

      // The probe AM unregisters SUCCEEDED only if each bad request got the stock error and
      // each good request after it was served; otherwise its diagnostics list what went wrong.
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(),
          report.getDiagnostics());
    }
  }

  @Test
  void unknownApplicationIdsGetApplicationNotFound() throws Exception {
    try (YarnClient yarn = client()) {
      ApplicationId unknown = ApplicationId.newInstance(42L, 4242);

      assertThrows(ApplicationNotFoundException.class, () -> yarn.getApplicationReport(unknown));
      assertThrows(ApplicationNotFoundException.class, () -> yarn.killApplication(unknown));
      assertThrows(ApplicationNotFoundException.class,
          () -> yarn.getApplicationAttempts(unknown));

      assertEquals(2, yarn.getYarnClusterMetrics().getNumNodeManagers());
    }
  }

  @Test
  void anAllocateWithoutAValidAmrmTokenIsRefused() throws Exception {
    try (YarnClient yarn = client()) {
      ApplicationId id = TestApps.submit(yarn, SharedCluster.cluster().getConfDir().toFile(),
          "sleep", 1);
      ApplicationReport running = TestApps.awaitState(yarn, id, Duration.ofSeconds(60),
          EnumSet.of(YarnApplicationState.RUNNING));
      ApplicationAttemptId attempt = running.getCurrentApplicationAttemptId();

      // No token at all.
      assertThrows(Exception.class, () -> allocateAs(UserGroupInformation.createRemoteUser(
          attempt.toString())));
      // A token for the live attempt, signed with a key the RM never issued.
      UserGroupInformation forger = UserGroupInformation.createRemoteUser(attempt.toString());
      forger.addToken(forgedAmrmToken(attempt));
      assertThrows(Exception.class, () -> allocateAs(forger));

      // The real AM is unaffected and the RM still serves.
      assertEquals(YarnApplicationState.RUNNING,
          yarn.getApplicationReport(id).getYarnApplicationState());
      yarn.killApplication(id);
      assertEquals(YarnApplicationState.KILLED,
          yarn.getApplicationReport(id).getYarnApplicationState());
    }
  }

  private static void allocateAs(UserGroupInformation ugi) throws Exception {
    Configuration conf = SharedCluster.conf();
    InetSocketAddress scheduler = schedulerAddress(conf);
    ugi.doAs((PrivilegedExceptionAction<Void>) () -> {
      ApplicationMasterProtocol proxy = (ApplicationMasterProtocol) YarnRPC.create(conf)
          .getProxy(ApplicationMasterProtocol.class, scheduler, conf);
      try {
        proxy.allocate(AllocateRequest.newInstance(0, 0f, List.of(), List.of(), null));
      } finally {
        RPC.stopProxy(proxy);
      }
      return null;
    });
  }

  private static Token<AMRMTokenIdentifier> forgedAmrmToken(ApplicationAttemptId attempt) {
    AMRMTokenIdentifier identifier = new AMRMTokenIdentifier(attempt, 1);
    byte[] password = new byte[20];
    new java.util.Random(7).nextBytes(password);
    Token<AMRMTokenIdentifier> token = new Token<>(identifier.getBytes(), password,
        identifier.getKind(), new Text());
    token.setService(new Text(SecurityUtil.buildTokenService(schedulerAddress(SharedCluster.conf()))));
    return token;
  }

  private static InetSocketAddress schedulerAddress(Configuration conf) {
    return conf.getSocketAddr(YarnConfiguration.RM_SCHEDULER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_ADDRESS, YarnConfiguration.DEFAULT_RM_SCHEDULER_PORT);
  }

  private static YarnClient client() {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(SharedCluster.conf());
    yarn.start();
    return yarn;
  }
}
