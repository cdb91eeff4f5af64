package dev.spindle.framework;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.SecretKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainerRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.security.NMTokenIdentifier;

/**
 * ContainerManagementProtocol over real Hadoop RPC, authenticated by NM tokens as a
 * NodeManager's is, recording each container start (who asked, which container, what
 * command) instead of running anything. Only startContainers is served.
 */
final class TestNodeManager implements AutoCloseable {

  /** NM tokens signed with one key, checked by the server. */
  private static final class NmSecrets extends SecretManager<NMTokenIdentifier> {
    private final SecretKey key = generateSecret();

    @Override
    protected byte[] createPassword(NMTokenIdentifier id) {
      return createPassword(id.getBytes(), key);
    }

    @Override
    public byte[] retrievePassword(NMTokenIdentifier id) {
      return createPassword(id.getBytes(), key);
    }

    @Override
    public NMTokenIdentifier createIdentifier() {
      return new NMTokenIdentifier();
    }
  }

  /** One container start as the NM saw it. */
  record Start(String caller, ContainerId container, List<String> commands) {}

  private final NmSecrets secrets = new NmSecrets();
  private final List<Start> starts = new CopyOnWriteArrayList<>();
  private final Server server;
  final NodeId nodeId;

  TestNodeManager(Configuration conf) {
    ContainerManagementProtocol impl = (ContainerManagementProtocol) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ContainerManagementProtocol.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("startContainers")) {
            throw new UnsupportedOperationException(method.getName());
          }
          return start((StartContainersRequest) args[0]);
        });
    server = YarnRPC.create(conf).getServer(ContainerManagementProtocol.class, impl,
        new InetSocketAddress("localhost", 0), conf, secrets, 2);
    server.start();
    InetSocketAddress address = NetUtils.getConnectAddress(server);
    nodeId = NodeId.newInstance(address.getHostName(), address.getPort());
  }

  /** The NM token the RM would hand the attempt for this node. */
  NMToken nmToken(ApplicationAttemptId attempt) {
    NMTokenIdentifier id = new NMTokenIdentifier(attempt, nodeId, "framework-user", 1);
    byte[] password = secrets.createPassword(id);
    return NMToken.newInstance(nodeId, Token.newInstance(id.getBytes(),
        NMTokenIdentifier.KIND.toString(), password, nodeId.toString()));
  }

  /** A container token this NM reads the container id from (a real NM checks much more). */
  static Token containerToken(ContainerId id) {
    return Token.newInstance(id.toString().getBytes(StandardCharsets.UTF_8), "test-container",
        new byte[0], "");
  }

  List<Start> starts() {
    return starts;
  }

  private StartContainersResponse start(StartContainersRequest request) {
    String caller = callerAttempt();
    List<ContainerId> started = new ArrayList<>();
    for (StartContainerRequest one : request.getStartContainerRequests()) {
      ContainerId id = ContainerId.fromString(new String(
          one.getContainerToken().getIdentifier().array(), StandardCharsets.UTF_8));
      starts.add(new Start(caller, id, List.copyOf(one.getContainerLaunchContext().getCommands())));
      started.add(id);
    }
    return StartContainersResponse.newInstance(Map.of(), started, Map.of());
  }

  /** The attempt named by the NM token the caller authenticated with. */
  private static String callerAttempt() {
    for (TokenIdentifier id : Server.getRemoteUser().getTokenIdentifiers()) {
      if (id instanceof NMTokenIdentifier nm) {
        return nm.getApplicationAttemptId().toString();
      }
    }
    return "no NM token";
  }

  @Override
  public void close() {
    server.stop();
  }
}
