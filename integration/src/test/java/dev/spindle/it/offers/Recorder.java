package dev.spindle.it.offers;

import dev.spindle.framework.Filters;
import dev.spindle.framework.FrameworkDriver;
import dev.spindle.framework.FrameworkScheduler;
import dev.spindle.framework.Launch;
import dev.spindle.framework.Offer;
import dev.spindle.framework.OfferId;
import dev.spindle.framework.Registration;
import dev.spindle.framework.RescindReason;
import dev.spindle.framework.ResourceVector;
import dev.spindle.framework.TaskStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;

/**
 * A framework scheduler that records everything it hears; what it does with an offer is the
 * test's {@code policy} (by default it keeps the offer). Public: a framework AM running in a
 * container (FailoverFramework) uses it too.
 */
public class Recorder implements FrameworkScheduler {

  public final List<Offer> offers = new CopyOnWriteArrayList<>();
  /** Offers received and not answered, rescinded or launched on yet. */
  public final Map<OfferId, Offer> held = new ConcurrentHashMap<>();
  public final List<Map.Entry<OfferId, RescindReason>> rescinds = new CopyOnWriteArrayList<>();
  public final List<TaskStatus> statuses = new CopyOnWriteArrayList<>();
  public final Set<ContainerId> running = ConcurrentHashMap.newKeySet();
  public final List<List<ContainerId>> warnings = new CopyOnWriteArrayList<>();
  public final List<Registration> registrations = new CopyOnWriteArrayList<>();
  public final List<dev.spindle.framework.InverseOffer> inverseOffers =
      new CopyOnWriteArrayList<>();
  public final List<String> errors = new CopyOnWriteArrayList<>();
  public volatile BiConsumer<FrameworkDriver, Offer> policy = (d, o) -> { };

  /** A launch of {@code sleep 600} of the given size. */
  public static Launch sleeper(long memoryMb, long vcores, String tag) {
    return new Launch(ResourceVector.of(memoryMb, vcores), tag, ContainerLaunchContext
        .newInstance(null, null, List.of("sleep 600"), null, null, null));
  }

  /** Launches one task of the size out of an offer it fits, else declines for a minute. */
  public static BiConsumer<FrameworkDriver, Offer> oneTaskPerOffer(long memoryMb, long vcores) {
    return (d, o) -> {
      try {
        if (ResourceVector.of(memoryMb, vcores).fitsIn(o.resources())) {
          d.accept(List.of(o.id()), List.of(sleeper(memoryMb, vcores, "t")),
              Filters.refuseSeconds(0));
        } else {
          d.decline(o.id(), Filters.refuseSeconds(60));
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  public int runningTasks() {
    return running.size();
  }

  @Override
  public void registered(FrameworkDriver d, Registration registration) {
    registrations.add(registration);
  }

  @Override
  public void resourceOffers(FrameworkDriver d, List<Offer> batch) {
    for (Offer o : batch) {
      offers.add(o);
      held.put(o.id(), o);
      policy.accept(d, o);
    }
  }

  @Override
  public void offerRescinded(FrameworkDriver d, OfferId id, RescindReason reason) {
    held.remove(id);
    rescinds.add(Map.entry(id, reason));
  }

  @Override
  public void statusUpdate(FrameworkDriver d, TaskStatus status) {
    statuses.add(status);
    if (status.state() == TaskStatus.State.RUNNING) {
      running.add(status.containerId());
    } else {
      running.remove(status.containerId());
    }
  }

  @Override
  public void revocationWarning(FrameworkDriver d, List<ContainerId> containers,
      Instant deadline) {
    warnings.add(new ArrayList<>(containers));
  }

  @Override
  public void inverseOffer(FrameworkDriver d, dev.spindle.framework.InverseOffer inverse) {
    inverseOffers.add(inverse);
  }

  @Override
  public void error(FrameworkDriver d, String message) {
    errors.add(message);
  }

}
