package dev.spindle.rm.core;

import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.impl.pb.ApplicationSubmissionContextPBImpl;

/**
 * What the core keeps of a submission too big for the state store: the context without its
 * bulky parts (AM launch context, tags), so the application can be stored and reported as
 * FAILED with a reason instead of failing the store or the RM.
 */
final class OversizedSubmission {

  /** The stock message (RMStateStore on a StoreLimitException), naming the setting to raise. */
  static String diagnostics(AppSubmission s) {
    return "Application " + s.appId() + " exceeds the maximum allowed size for application"
        + " data. See yarn.resourcemanager.zk-max-znode-size.bytes.";
  }

  private OversizedSubmission() {}

  static AppSubmission strip(AppSubmission s) {
    ApplicationSubmissionContext copy = new ApplicationSubmissionContextPBImpl(
        ((ApplicationSubmissionContextPBImpl) s.context()).getProto());
    copy.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(),
        java.util.List.of(), null, null, null));
    copy.setApplicationTags(Set.of());
    return new AppSubmission(s.appId(), copy, s.user(), s.queue(), s.submitTime(),
        s.maxAttempts(), s.amRequest());
  }
}
