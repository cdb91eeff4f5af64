package dev.spindle.nm;

import dev.spindle.nm.security.ContainerTokenVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.SaslRpcServer;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.SecretManager.InvalidToken;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.*;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.SerializedException;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.security.ContainerTokenIdentifier;
import org.apache.hadoop.yarn.security.NMTokenIdentifier;

/**
 * ContainerManagementProtocol over Hadoop RPC: authentication and per-request
 * authorization, then hands work to the {@link ContainerSupervisor}. Thin on purpose.
 *
 * <p>The server always runs with TOKEN (SASL DIGEST-MD5) authentication and the NM-token
 * secret manager, even on simple-auth clusters: the caller's NM token is the only way to
 * know which application attempt is calling (yarn-compat 0.3, 4.1).
 */
public class ContainerManagerService extends AbstractService
    implements ContainerManagementProtocol {
  private final NmContext ctx;
  private final ContainerSupervisor supervisor;
  private final ContainerTokenVerifier verifier;
  private Server server;

  public ContainerManagerService(NmContext ctx, ContainerSupervisor supervisor) {
    super("ContainerManagerService");
    this.ctx = ctx;
    this.supervisor = supervisor;
    this.verifier = new ContainerTokenVerifier(ctx);
  }

  @Override
  protected void serviceStart() throws Exception {
    Configuration conf = getConfig();
    InetSocketAddress bindAddr = conf.getSocketAddr(YarnConfiguration.NM_BIND_HOST,
        YarnConfiguration.NM_ADDRESS, YarnConfiguration.DEFAULT_NM_ADDRESS,
        YarnConfiguration.DEFAULT_NM_PORT);
    Configuration serverConf = new Configuration(conf);
    serverConf.set(CommonConfigurationKeysPublic.HADOOP_SECURITY_AUTHENTICATION,
        SaslRpcServer.AuthMethod.TOKEN.toString());
    server = YarnRPC.create(conf).getServer(ContainerManagementProtocol.class, this, bindAddr,
        serverConf, ctx.nmTokens(), conf.getInt(YarnConfiguration.NM_CONTAINER_MGR_THREAD_COUNT,
            YarnConfiguration.DEFAULT_NM_CONTAINER_MGR_THREAD_COUNT));
    server.start();
    ctx.setNodeId(NodeId.newInstance(advertisedHost(conf), server.getListenerAddress().getPort()));
  }

  /**
   * The NodeId host: the host part of yarn.nodemanager.address when it names one, else
   * yarn.nodemanager.hostname when set, else this machine's canonical name.
   */
  static String advertisedHost(Configuration conf) throws IOException {
    String addr = conf.getTrimmed(YarnConfiguration.NM_ADDRESS, "");
    int colon = addr.lastIndexOf(':');
    String host = colon >= 0 ? addr.substring(0, colon) : addr;
    if (isWildcard(host)) {
      host = conf.getTrimmed(YarnConfiguration.NM_PREFIX + "hostname", "");
    }
    if (isWildcard(host)) {
      host = InetAddress.getLocalHost().getCanonicalHostName();
    }
    return host;
  }

  private static boolean isWildcard(String host) {
    return host == null || host.isEmpty() || host.equals("0.0.0.0");
  }

  @Override
  protected void serviceStop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static UserGroupInformation remoteUgi() throws YarnException {
    try {
      return UserGroupInformation.getCurrentUser();
    } catch (IOException e) {
      throw RPCUtil.getRemoteException("Cannot obtain the user-name. Got exception: " + e);
    }
  }

  /** The stock NM takes the first NMTokenIdentifier among the caller's tokens. */
  static NMTokenIdentifier nmToken(UserGroupInformation ugi) {
    for (TokenIdentifier id : ugi.getTokenIdentifiers()) {
      if (id instanceof NMTokenIdentifier nm) {
        return nm;
      }
    }
    return null;
  }

  @Override
  public StartContainersResponse startContainers(StartContainersRequest requests)
      throws YarnException, IOException {
    UserGroupInformation ugi = remoteUgi();
    NMTokenIdentifier nmToken = nmToken(ugi);
    if (nmToken == null) {
      throw RPCUtil.getRemoteException(ContainerTokenVerifier.INVALID_NMTOKEN_MSG);
    }
    if (!ugi.getUserName().equals(nmToken.getApplicationAttemptId().toString())) {
      throw RPCUtil.getRemoteException("Expected applicationAttemptId: " + ugi.getUserName()
          + "Found: " + nmToken.getApplicationAttemptId());
    }
    List<ContainerId> ok = new ArrayList<>();
    Map<ContainerId, SerializedException> failed = new HashMap<>();
    synchronized (ctx.registrationLock()) {
      for (StartContainerRequest req : requests.getStartContainerRequests()) {
        ContainerId cid = null;
        try {
          ContainerTokenIdentifier token = verifier.verifyToken(req.getContainerToken());
          cid = token.getContainerID();
          verifier.authorizeStart(nmToken, token, req.getContainerLaunchContext().getServiceData(),
              supervisor.auxServiceNames());
          ctx.nmTokens().attemptStartedContainer(nmToken);
          supervisor.start(token, req.getContainerLaunchContext());
          ok.add(cid);
        } catch (YarnException e) {
          failed.put(cid, SerializedException.newInstance(e));
        } catch (InvalidToken e) {
          failed.put(cid, SerializedException.newInstance(e));
          throw e;
        } catch (IOException e) {
          throw RPCUtil.getRemoteException(e);
        }
      }
    }
    return StartContainersResponse.newInstance(supervisor.auxMetaData(), ok, failed);
  }

  @Override
  public StopContainersResponse stopContainers(StopContainersRequest request)
      throws YarnException, IOException {
    NMTokenIdentifier nmToken = requireNmToken();
    List<ContainerId> ok = new ArrayList<>();
    Map<ContainerId, SerializedException> failed = new HashMap<>();
    for (ContainerId id : request.getContainerIds()) {
      try {
        checkOwner(nmToken, id, "stop");
        supervisor.stopByAm(id);
        ok.add(id);
      } catch (YarnException e) {
        failed.put(id, SerializedException.newInstance(e));
      }
    }
    return StopContainersResponse.newInstance(ok, failed);
  }

  @Override
  public GetContainerStatusesResponse getContainerStatuses(GetContainerStatusesRequest request)
      throws YarnException, IOException {
    NMTokenIdentifier nmToken = requireNmToken();
    List<ContainerStatus> ok = new ArrayList<>();
    Map<ContainerId, SerializedException> failed = new HashMap<>();
    for (ContainerId id : request.getContainerIds()) {
      try {
        checkOwner(nmToken, id, "get status for");
        ok.add(supervisor.status(id));
      } catch (YarnException e) {
        failed.put(id, SerializedException.newInstance(e));
      }
    }
    return GetContainerStatusesResponse.newInstance(ok, failed);
  }

  private NMTokenIdentifier requireNmToken() throws YarnException {
    NMTokenIdentifier nmToken = nmToken(remoteUgi());
    if (nmToken == null) {
      throw RPCUtil.getRemoteException(ContainerTokenVerifier.INVALID_NMTOKEN_MSG);
    }
    return nmToken;
  }

  private static void checkOwner(NMTokenIdentifier nmToken, ContainerId id, String verb)
      throws YarnException {
    if (!nmToken.getApplicationAttemptId().getApplicationId()
        .equals(id.getApplicationAttemptId().getApplicationId())) {
      throw RPCUtil.getRemoteException(nmToken.getApplicationAttemptId() + " attempted to "
          + verb + " non-application container : " + id);
    }
  }

  private static YarnException unsupported(String call) {
    return new YarnException(call + " is not supported by the Spindle NodeManager");
  }

  @Override
  @Deprecated
  public IncreaseContainersResourceResponse increaseContainersResource(
      IncreaseContainersResourceRequest request) throws YarnException {
    throw unsupported("increaseContainersResource");
  }

  @Override
  public ContainerUpdateResponse updateContainer(ContainerUpdateRequest request)
      throws YarnException {
    throw unsupported("updateContainer");
  }

  @Override
  public SignalContainerResponse signalToContainer(SignalContainerRequest request)
      throws YarnException {
    throw unsupported("signalToContainer");
  }

  @Override
  public ResourceLocalizationResponse localize(ResourceLocalizationRequest request)
      throws YarnException {
    throw unsupported("localize");
  }

  @Override
  public ReInitializeContainerResponse reInitializeContainer(
      ReInitializeContainerRequest request) throws YarnException {
    throw unsupported("reInitializeContainer");
  }

  @Override
  public RestartContainerResponse restartContainer(ContainerId containerId)
      throws YarnException {
    throw unsupported("restartContainer");
  }

  @Override
  public RollbackResponse rollbackLastReInitialization(ContainerId containerId)
      throws YarnException {
    throw unsupported("rollbackLastReInitialization");
  }

  @Override
  public CommitResponse commitLastReInitialization(ContainerId containerId)
      throws YarnException {
    throw unsupported("commitLastReInitialization");
  }

  @Override
  public GetLocalizationStatusesResponse getLocalizationStatuses(
      GetLocalizationStatusesRequest request) throws YarnException {
    throw unsupported("getLocalizationStatuses");
  }

  /** The bound RPC address (tests). */
  public InetSocketAddress getAddress() {
    return server.getListenerAddress();
  }
}
