package dev.spindle.rm.rpc;

import dev.spindle.rm.core.ResourceConverter;
import dev.spindle.scheduler.Ask;
import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.exceptions.InvalidLabelResourceRequestException;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException.InvalidResourceType;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;

/**
 * Checks resource requests the way stock clients expect (yarn-compat 8.1): negative values
 * and values above the maximum allocation are rejected with {@link
 * InvalidResourceRequestException} (never silently capped), with the stock message text.
 * Normalisation itself is the scheduling policy's rule and runs in the core.
 */
public final class AskValidator {

  private AskValidator() {}

  /** Rejects a capability that is negative or above {@code max}. */
  public static void validateCapability(Resource capability, ResourceVector max,
      ResourceVector configuredMax) throws InvalidResourceRequestException {
    if (capability == null) {
      throw new InvalidResourceRequestException("Invalid resource request, no resources requested");
    }
    // Every type in registry order, as stock checkResourceRequestAgainstAvailableResource.
    ResourceVector asked = ResourceConverter.toVector(capability);
    for (int i = 0; i < 2 + ResourceConverter.otherTypeCount(); i++) {
      String type = i == 0 ? "memory-mb" : i == 1 ? "vcores"
          : ResourceConverter.otherTypeName(i - 2);
      if (component(asked, i) < 0) {
        throw new InvalidResourceRequestException(String.format(
            InvalidResourceRequestException.LESS_THAN_ZERO_RESOURCE_MESSAGE_TEMPLATE,
            type, capability), InvalidResourceType.LESS_THAN_ZERO);
      }
      if (component(asked, i) > component(max, i)) {
        throw new InvalidResourceRequestException(String.format(
            InvalidResourceRequestException.GREATER_THAN_MAX_RESOURCE_MESSAGE_TEMPLATE,
            type, capability, toResource(max), toResource(configuredMax)),
            InvalidResourceType.GREATER_THEN_MAX_ALLOCATION);
      }
    }
  }

  private static long component(ResourceVector v, int i) {
    return i == 0 ? v.memoryMb() : i == 1 ? v.vcores() : v.other(i - 2);
  }

  /** Validates one AM ask and translates it into the scheduler's value type. */
  public static Ask toAsk(ResourceRequest r, ResourceVector max, ResourceVector configuredMax)
      throws InvalidResourceRequestException {
    if (r.getResourceName() == null || r.getResourceName().isEmpty()) {
      throw new InvalidResourceRequestException("Invalid resource request, no resource name");
    }
    if (r.getNumContainers() < 0) {
      throw new InvalidResourceRequestException("Invalid resource request, numContainers "
          + r.getNumContainers() + " is negative");
    }
    String label = r.getNodeLabelExpression();
    if (label != null && !label.trim().isEmpty()) {
      throw new InvalidLabelResourceRequestException("Invalid resource request, node label "
          + "not enabled but request contains label expression");
    }
    if (r.getNumContainers() > 0) {
      // A cancel (zero containers) is accepted whatever its size: AMRMClient re-sends a
      // refused oversized ask as a zero-count cancel, and refusing that too (as the stock RM
      // does) would wedge every later allocate of the AM.
      validateCapability(r.getCapability(), max, configuredMax);
    }
    Resource c = r.getCapability();
    int priority = r.getPriority() == null ? 0 : r.getPriority().getPriority();
    return new Ask(priority, r.getAllocationRequestId(), r.getResourceName(),
        ResourceConverter.toVector(c), r.getNumContainers(),
        r.getRelaxLocality());
  }

  static Resource toResource(ResourceVector v) {
    return ResourceConverter.toResource(v);
  }
}
