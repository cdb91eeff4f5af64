package dev.spindle.nm;

import dev.spindle.nm.aux.AuxServicesHost;
import dev.spindle.nm.aux.NmLocalPathHandler;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainerStatusesRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainerRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.security.NMTokenIdentifier;
import org.apache.hadoop.yarn.util.ConverterUtils;

/**
 * The container-management half of a Spindle NM, served over real Hadoop RPC with real
 * tokens, keyed by {@link RmSideTokens} playing the RM (no RM process needed).
 */
final class CmHarness implements AutoCloseable {
  static final long RM_ID = 4242L;
  static final String USER = "alice";

  final Configuration conf;
  final NmContext ctx;
  final RmSideTokens.ContainerTokens containerTokens;
  final RmSideTokens.NmTokens nmTokens = new RmSideTokens.NmTokens();
  final AuxServicesHost aux;
  final ContainerSupervisor supervisor;
  final ContainerManagerService cms;
  final ApplicationId app = ApplicationId.newInstance(1234L, 1);
  final ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(app, 1);
  private int nextContainer = 1;

  CmHarness(File root, Configuration extra) {
    conf = new YarnConfiguration(extra);
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, new File(root, "local").getAbsolutePath());
    conf.set(YarnConfiguration.NM_LOG_DIRS, new File(root, "logs").getAbsolutePath());
    conf.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
    try {
      NmDirs dirs = NmDirs.fromConf(conf);
      dirs.create();
      ctx = new NmContext(conf, dirs, System::currentTimeMillis);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    containerTokens = new RmSideTokens.ContainerTokens(conf);
    ctx.containerTokens().setMasterKey(containerTokens.key());
    ctx.nmTokens().setMasterKey(nmTokens.key());
    ctx.setRmIdentifier(RM_ID);
    ctx.setHttpPort(8042);
    aux = new AuxServicesHost(new NmLocalPathHandler(ctx.dirs()));
    aux.init(conf);
    aux.start();
    supervisor = new ContainerSupervisor(ctx, aux, System.getenv(), diag -> { });
    cms = new ContainerManagerService(ctx, supervisor);
    cms.init(conf);
    cms.start();
  }

  ContainerId newContainerId() {
    return ContainerId.newContainerId(attempt, nextContainer++);
  }

  Token containerToken(ContainerId id) {
    return containerTokens.token(id, ctx.nodeId().toString(), USER,
        System.currentTimeMillis() + 600_000, RM_ID);
  }

  /** A protocol proxy acting as {@code attempt} with an NM token for this node. */
  ContainerManagementProtocol proxy(ApplicationAttemptId as) throws Exception {
    InetSocketAddress addr = cms.getAddress();
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(as.toString());
    org.apache.hadoop.security.token.Token<NMTokenIdentifier> t =
        ConverterUtils.convertFromYarn(nmTokens.token(as, ctx.nodeId(), USER), addr);
    ugi.addToken(t);
    return ugi.doAs((java.security.PrivilegedExceptionAction<ContainerManagementProtocol>) () ->
        (ContainerManagementProtocol) YarnRPC.create(conf)
            .getProxy(ContainerManagementProtocol.class, addr, conf));
  }

  static ContainerLaunchContext launchContext(List<String> commands, Map<String, String> env,
      Map<String, LocalResource> resources, Credentials creds) throws Exception {
    ByteBuffer tokens = null;
    if (creds != null) {
      DataOutputBuffer out = new DataOutputBuffer();
      creds.writeTokenStorageToStream(out);
      tokens = ByteBuffer.wrap(out.getData(), 0, out.getLength());
    }
    return ContainerLaunchContext.newInstance(resources, env, commands, null, tokens, null);
  }

  StartContainersResponse start(ContainerManagementProtocol p, ContainerLaunchContext clc,
      Token token) throws Exception {
    return p.startContainers(StartContainersRequest.newInstance(
        List.of(StartContainerRequest.newInstance(clc, token))));
  }

  ContainerStatus awaitComplete(ContainerManagementProtocol p, ContainerId id, Duration max)
      throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      ContainerStatus s = p.getContainerStatuses(GetContainerStatusesRequest.newInstance(
          List.of(id))).getContainerStatuses().get(0);
      if (s.getState() == ContainerState.COMPLETE) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + id + " not complete: " + s);
      }
      Thread.sleep(20);
    }
  }

  File logDir(ContainerId id) {
    return ctx.dirs().containerLogDir(ctx.dirs().logDirFor(id), id);
  }

  static void close(Object proxy) {
    RPC.stopProxy(proxy);
  }

  @Override
  public void close() throws Exception {
    supervisor.stopAll(5_000);
    cms.stop();
    aux.stop();
    supervisor.close();
  }
}
