package dev.spindle.rm.rpc;

import dev.spindle.offers.OfferProtocolException;
import dev.spindle.offers.OfferService;
import dev.spindle.offers.proto.OfferProtos.AcceptRequestProto;
import dev.spindle.offers.proto.OfferProtos.AcceptResponseProto;
import dev.spindle.offers.proto.OfferProtos.CapabilityProto;
import dev.spindle.offers.proto.OfferProtos.DeclineRequestProto;
import dev.spindle.offers.proto.OfferProtos.KillRequestProto;
import dev.spindle.offers.proto.OfferProtos.LaunchProto;
import dev.spindle.offers.proto.OfferProtos.PollRequestProto;
import dev.spindle.offers.proto.OfferProtos.PollResponseProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkRequestProto;
import dev.spindle.offers.proto.OfferProtos.RegisterFrameworkResponseProto;
import dev.spindle.offers.proto.OfferProtos.UnregisterFrameworkRequestProto;
import dev.spindle.rm.core.EventLoop;
import dev.spindle.rm.core.FrameworkPoll;
import dev.spindle.rm.core.FrameworkRegistration;
import dev.spindle.rm.core.OfferAcceptance;
import dev.spindle.rm.core.Refusal;
import dev.spindle.rm.core.RmCore;
import dev.spindle.scheduler.ResourceVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * The offer protocol's RM adapter (docs/offers-protocol.md), served beside the AM-RM protocol
 * on the scheduler address: it validates and translates, runs each call on the core's loop,
 * and builds the answer (tokens minted here, off the loop). A refusal reaches the framework
 * as an {@link OfferProtocolException} whose reason comes first.
 */
public final class OfferAdapter implements OfferService {

  private final EventLoop loop;
  private final RmCore core;
  private final AmRmRecords records;

  public OfferAdapter(EventLoop loop, RmCore core, AmRmRecords records) {
    this.loop = loop;
    this.core = core;
    this.records = records;
  }

  @Override
  public RegisterFrameworkResponseProto registerFramework(ApplicationAttemptId caller,
      RegisterFrameworkRequestProto request) throws IOException {
    boolean revocable = request.getCapabilitiesList()
        .contains(CapabilityProto.REVOCABLE_RESOURCES);
    boolean inverse = request.getCapabilitiesList().contains(CapabilityProto.INVERSE_OFFERS);
    FrameworkRegistration r = call(() -> core.registerFramework(caller, request.getName(),
        revocable, inverse, request.getHost(), request.getRpcPort(),
        request.getTrackingUrl()));
    return OfferRecords.registration(r, records);
  }

  @Override
  public PollResponseProto poll(ApplicationAttemptId caller, PollRequestProto request)
      throws IOException {
    FrameworkPoll r = call(() -> core.pollFramework(caller, request.getResponseId()));
    return OfferRecords.poll(caller, r, records);
  }

  @Override
  public AcceptResponseProto accept(ApplicationAttemptId caller, AcceptRequestProto request)
      throws IOException {
    List<ResourceVector> sizes = new ArrayList<>(request.getLaunchesCount());
    List<String> tags = new ArrayList<>(request.getLaunchesCount());
    for (LaunchProto launch : request.getLaunchesList()) {
      sizes.add(OfferRecords.launchSize(launch.getResources()));
      tags.add(launch.getTag());
    }
    double refuse = request.getFilters().getRefuseSeconds();
    OfferAcceptance r = call(() -> core.acceptOffer(caller, request.getOfferIdsList(), sizes,
        tags, refuse, request.getSeq()));
    return OfferRecords.acceptance(caller, r, records);
  }

  @Override
  public void decline(ApplicationAttemptId caller, DeclineRequestProto request)
      throws IOException {
    if (request.getOfferIdsCount() == 0) {
      throw new OfferProtocolException(OfferProtocolException.Reason.INVALID_REQUEST,
          "the decline names no offer");
    }
    double refuse = request.getFilters().getRefuseSeconds();
    call(() -> {
      core.declineOffers(caller, request.getOfferIdsList(), refuse);
      return null;
    });
  }

  @Override
  public void revive(ApplicationAttemptId caller) throws IOException {
    call(() -> {
      core.reviveOffers(caller);
      return null;
    });
  }

  @Override
  public void suppress(ApplicationAttemptId caller) throws IOException {
    call(() -> {
      core.suppressOffers(caller);
      return null;
    });
  }

  @Override
  public void kill(ApplicationAttemptId caller, KillRequestProto request) throws IOException {
    List<ContainerId> ids = new ArrayList<>(request.getContainerIdsCount());
    for (String id : request.getContainerIdsList()) {
      try {
        ids.add(ContainerId.fromString(id));
      } catch (IllegalArgumentException e) {
        throw new OfferProtocolException(OfferProtocolException.Reason.INVALID_REQUEST,
            "'" + id + "' is not a container id");
      }
    }
    call(() -> {
      core.killTasks(caller, ids);
      return null;
    });
  }

  @Override
  public void unregisterFramework(ApplicationAttemptId caller,
      UnregisterFrameworkRequestProto request) throws IOException {
    FinalApplicationStatus status = switch (request.getFinalStatus()) {
      case SUCCEEDED -> FinalApplicationStatus.SUCCEEDED;
      case FAILED -> FinalApplicationStatus.FAILED;
      case KILLED -> FinalApplicationStatus.KILLED;
    };
    call(() -> core.unregisterFramework(caller, status, request.getDiagnostics(),
        request.getTrackingUrl()));
  }

  /** Runs {@code op} on the loop; a refusal becomes the protocol's exception. */
  private <T> T call(EventLoop.Op<T> op) throws IOException {
    try {
      return loop.call(op);
    } catch (Refusal r) {
      if (r.kind() == Refusal.Kind.OFFER) {
        throw new OfferProtocolException(r.getMessage());
      }
      if (r.kind() == Refusal.Kind.UNAVAILABLE) {
        throw new IOException(r.getMessage(), r.getCause());
      }
      throw new OfferProtocolException(OfferProtocolException.Reason.INVALID_REQUEST,
          r.getMessage());
    }
  }
}
