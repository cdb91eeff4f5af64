package dev.spindle.rm.rpc;

import dev.spindle.rm.core.AppSubmission;
import dev.spindle.rm.core.RmCore;
import dev.spindle.scheduler.SchedulerSettings;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ExecutionType;
import org.apache.hadoop.yarn.api.records.ExecutionTypeRequest;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationIdNotProvidedException;
import org.apache.hadoop.yarn.exceptions.InvalidResourceRequestException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.util.Records;

/**
 * Checks a submission synchronously, so the client's submitApplication fails on bad input,
 * fills the stock defaults and builds the AM request (yarn-compat 1.3). Queue problems are
 * not checked here: the core reports them by failing the application, as the stock RM does.
 */
final class SubmissionValidator {

  private static final int MAX_TYPE_LENGTH = 20;

  private final Configuration conf;
  private final RmCore core;
  private final SchedulerSettings schedulerSettings;

  SubmissionValidator(Configuration conf, RmCore core, SchedulerSettings schedulerSettings) {
    this.conf = conf;
    this.core = core;
    this.schedulerSettings = schedulerSettings;
  }

  AppSubmission validate(ApplicationSubmissionContext ctx, String user, long now)
      throws YarnException {
    if (ctx == null || ctx.getApplicationId() == null) {
      throw new ApplicationIdNotProvidedException(
          "ApplicationSubmissionContext needs to have an application id");
    }
    UnknownResourceTypes.check(ctx);
    if (ctx.getUnmanagedAM() && ctx.getAMContainerSpec() == null) {
      // Nothing is launched for it; an empty spec keeps the ACL and token paths uniform.
      ctx.setAMContainerSpec(Records.newRecord(ContainerLaunchContext.class));
    }
    if (ctx.getAMContainerSpec() == null) {
      throw new YarnException("Application " + ctx.getApplicationId()
          + " has no AM container launch context");
    }
    fillDefaults(ctx);
    checkTags(ctx.getApplicationTags());
    capPriority(ctx);
    checkTimeouts(ctx);
    // An unmanaged AM takes no container: its request is kept (for the store) but not checked.
    ResourceRequest am = ctx.getUnmanagedAM() ? unmanagedAmRequest(ctx) : amRequest(ctx);
    return new AppSubmission(ctx.getApplicationId(), ctx, user, ctx.getQueue(), now,
        core.settings().effectiveMaxAttempts(ctx.getMaxAppAttempts()), am);
  }

  private static void fillDefaults(ApplicationSubmissionContext ctx) {
    if (ctx.getQueue() == null || ctx.getQueue().isEmpty()) {
      ctx.setQueue(YarnConfiguration.DEFAULT_QUEUE_NAME);
    }
    if (ctx.getApplicationName() == null) {
      ctx.setApplicationName(YarnConfiguration.DEFAULT_APPLICATION_NAME);
    }
    String type = ctx.getApplicationType();
    if (type == null) {
      ctx.setApplicationType(YarnConfiguration.DEFAULT_APPLICATION_TYPE);
    } else if (type.length() > MAX_TYPE_LENGTH) {
      ctx.setApplicationType(type.substring(0, MAX_TYPE_LENGTH));
    }
    if (ctx.getPriority() == null) {
      ctx.setPriority(Priority.newInstance(0));
    }
  }

  /** Above yarn.cluster.max-application-priority is capped to it, as stock caps it. */
  private void capPriority(ApplicationSubmissionContext ctx) {
    int max = conf.getInt(YarnConfiguration.MAX_CLUSTER_LEVEL_APPLICATION_PRIORITY,
        YarnConfiguration.DEFAULT_CLUSTER_LEVEL_APPLICATION_PRIORITY);
    if (ctx.getPriority().getPriority() > max) {
      ctx.setPriority(Priority.newInstance(max));
    }
  }

  /** A lifetime must be positive (stock RMServerUtils#validateApplicationTimeouts). */
  private static void checkTimeouts(ApplicationSubmissionContext ctx) throws YarnException {
    var timeouts = ctx.getApplicationTimeouts();
    if (timeouts == null) {
      return;
    }
    for (var e : timeouts.entrySet()) {
      if (e.getValue() == null || e.getValue() <= 0) {
        throw new YarnException("Invalid application timeout, value=" + e.getValue()
            + " for type=" + e.getKey());
      }
    }
  }

  private void checkTags(Set<String> tags) {
    if (tags == null) {
      return;
    }
    int maxTags = conf.getInt(YarnConfiguration.RM_APPLICATION_MAX_TAGS,
        YarnConfiguration.DEFAULT_RM_APPLICATION_MAX_TAGS);
    int maxLength = conf.getInt(YarnConfiguration.RM_APPLICATION_MAX_TAG_LENGTH,
        YarnConfiguration.DEFAULT_RM_APPLICATION_MAX_TAG_LENGTH);
    if (tags.size() > maxTags) {
      throw new IllegalArgumentException("Too many applicationTags, a maximum of only "
          + maxTags + " are allowed!");
    }
    for (String tag : tags) {
      if (tag.length() > maxLength) {
        throw new IllegalArgumentException("Tag " + tag + " is too long, maximum allowed "
            + "length of a tag is " + maxLength);
      }
      if (!tag.chars().allMatch(c -> c >= 32 && c < 127)) {
        throw new IllegalArgumentException("A tag can only have ASCII characters! Invalid tag - "
            + tag);
      }
    }
  }

  private static ResourceRequest unmanagedAmRequest(ApplicationSubmissionContext ctx) {
    Resource size = ctx.getResource() != null ? ctx.getResource() : Resource.newInstance(0, 0);
    return ResourceRequest.newInstance(Priority.newInstance(0), ResourceRequest.ANY, size, 0);
  }

  /** The one ANY request the AM container is placed by, forced to priority 0 and 1 container. */
  private ResourceRequest amRequest(ApplicationSubmissionContext ctx) throws YarnException {
    List<ResourceRequest> requests = ctx.getAMContainerResourceRequests();
    ResourceRequest any = null;
    if (requests == null || requests.isEmpty()) {
      if (ctx.getResource() == null) {
        throw new InvalidResourceRequestException(
            "Invalid resource request, no resources requested");
      }
      any = ResourceRequest.newInstance(Priority.newInstance(0), ResourceRequest.ANY,
          ctx.getResource(), 1);
    } else {
      for (ResourceRequest r : requests) {
        if (ResourceRequest.ANY.equals(r.getResourceName())) {
          if (any != null) {
            throw new InvalidResourceRequestException("Invalid resource request, only one "
                + "resource request with " + ResourceRequest.ANY + " is allowed");
          }
          any = r;
        }
      }
      if (any == null) {
        throw new InvalidResourceRequestException("Invalid resource request, no resource "
            + "request specified with " + ResourceRequest.ANY);
      }
    }
    AskValidator.validateCapability(any.getCapability(), core.maximumAllocation(),
        schedulerSettings.maximumAllocation());
    ResourceRequest am = ResourceRequest.newInstance(Priority.newInstance(0),
        ResourceRequest.ANY, any.getCapability(), 1, true, any.getNodeLabelExpression(),
        ExecutionTypeRequest.newInstance(ExecutionType.GUARANTEED));
    am.setAllocationRequestId(any.getAllocationRequestId());
    return am;
  }
}
