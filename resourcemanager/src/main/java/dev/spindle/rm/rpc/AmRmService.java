package dev.spindle.rm.rpc;

import dev.spindle.offers.OfferRpc;
import dev.spindle.rm.core.AllocateCommand;
import dev.spindle.rm.core.AllocateResult;
import dev.spindle.rm.core.AmRegistration;
import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.RmCore;
import dev.spindle.rm.security.AmrmTokenSecretManager;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.SaslRpcServer;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.ApplicationMasterProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ResourceBlacklistRequest;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException;
import org.apache.hadoop.yarn.exceptions.InvalidResourceBlacklistRequestException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.utils.YarnServerSecurityUtils;

/**
 * The AM-RM protocol adapter (yarn.resourcemanager.scheduler.address). The port runs with
 * TOKEN authentication forced, whatever the cluster's auth, so the only callers are AMs with
 * an AMRM token, and the token names the caller's attempt (yarn-compat 0.3, 2.1). Asks are
 * validated here; bad input never reaches the core.
 */
public class AmRmService extends AbstractService implements ApplicationMasterProtocol {

  private final EventLoop loop;
  private final RmCore core;
  private final AmrmTokenSecretManager tokens;
  private final SchedulerSettings schedulerSettings;
  private final AmRmRecords records;
  private Server server;

  public AmRmService(EventLoop loop, RmCore core, AmrmTokenSecretManager tokens,
      SchedulerSettings schedulerSettings, AmRmRecords records) {
    super(AmRmService.class.getSimpleName());
    this.loop = loop;
    this.core = core;
    this.tokens = tokens;
    this.schedulerSettings = schedulerSettings;
    this.records = records;
  }

  @Override
  protected void serviceStart() throws Exception {
    Configuration conf = getConfig();
    Configuration serverConf = new Configuration(conf);
    serverConf.set(CommonConfigurationKeysPublic.HADOOP_SECURITY_AUTHENTICATION,
        SaslRpcServer.AuthMethod.TOKEN.toString());
    server = RpcServers.start(ApplicationMasterProtocol.class, this, conf, serverConf,
        YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.DEFAULT_RM_SCHEDULER_ADDRESS,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_PORT, tokens,
        conf.getInt(YarnConfiguration.RM_SCHEDULER_CLIENT_THREAD_COUNT,
            YarnConfiguration.DEFAULT_RM_SCHEDULER_CLIENT_THREAD_COUNT),
        // Offer mode's protocol shares the port, the handlers and the AMRM token check; it
        // is there before the first call, so a framework polling through a restart never
        // meets a server without it.
        s -> OfferRpc.serveOn(s, new OfferAdapter(loop, core, records)));
    server.addTerseExceptions(ApplicationMasterNotRegisteredException.class);
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    if (server != null) {
      server.stop();
    }
    super.serviceStop();
  }

  /** The attempt named by the caller's AMRM token. */
  private static ApplicationAttemptId caller() throws YarnException {
    return YarnServerSecurityUtils.authorizeRequest().getApplicationAttemptId();
  }

  @Override
  public RegisterApplicationMasterResponse registerApplicationMaster(
      RegisterApplicationMasterRequest request) throws YarnException {
    ApplicationAttemptId id = caller();
    AmRegistration r = Refusals.call(loop, () -> core.registerAm(id, request.getHost(),
        request.getRpcPort(), request.getTrackingUrl()));
    return records.registerResponse(id, r);
  }


  /** Where allocate latencies go (rm.metrics); a private timer until one is set. */
  private volatile com.codahale.metrics.Timer latency = new com.codahale.metrics.Timer();

  /** Measures every allocate call with {@code timer} (set before the service starts). */
  public void measureWith(com.codahale.metrics.Timer timer) {
    this.latency = timer;
  }

  @Override
  public AllocateResponse allocate(AllocateRequest request) throws YarnException {
    try (var timed = latency.time()) {
      ApplicationAttemptId id = caller();
      AllocateCommand cmd = translate(request);
      AllocateResult r = Refusals.call(loop, () -> core.allocate(id, cmd));
      // Records and tokens are built here, on the RPC handler, not on the core thread. A
      // retried heartbeat gets the same result back, so the same content.
      return records.allocateResponse(id, r, request.getUpdateRequests() == null ? List.of()
          : request.getUpdateRequests());
    }
  }

  @Override
  public FinishApplicationMasterResponse finishApplicationMaster(
      FinishApplicationMasterRequest request) throws YarnException {
    ApplicationAttemptId id = caller();
    boolean unregistered = Refusals.call(loop, () -> core.finishAm(id,
        request.getFinalApplicationStatus(), request.getDiagnostics(),
        request.getTrackingUrl()));
    return FinishApplicationMasterResponse.newInstance(unregistered);
  }

  /** Validates an allocate request and turns it into the core's command. */
  AllocateCommand translate(AllocateRequest request) throws YarnException {
    UnknownResourceTypes.check(request);
    ResourceVector max = core.maximumAllocation();
    List<Ask> asks = new ArrayList<>();
    for (ResourceRequest r : request.getAskList()) {
      asks.add(AskValidator.toAsk(r, max, schedulerSettings.maximumAllocation()));
    }
    List<String> additions = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    ResourceBlacklistRequest blacklist = request.getResourceBlacklistRequest();
    if (blacklist != null) {
      if (blacklist.getBlacklistAdditions() != null) {
        additions.addAll(blacklist.getBlacklistAdditions());
      }
      if (blacklist.getBlacklistRemovals() != null) {
        removals.addAll(blacklist.getBlacklistRemovals());
      }
      if (additions.contains(ResourceRequest.ANY)) {
        throw new InvalidResourceBlacklistRequestException("Cannot add "
            + ResourceRequest.ANY + " to the blacklist!");
      }
    }
    if (request.getSchedulingRequests() != null
        && !request.getSchedulingRequests().isEmpty()) {
      throw new YarnException("Spindle does not support scheduling requests "
          + "(placement constraints) yet");
    }
    return new AllocateCommand(request.getResponseId(), request.getProgress(),
        request.getTrackingUrl(), asks, new ArrayList<>(request.getReleaseList()), additions,
        removals);
  }
}
