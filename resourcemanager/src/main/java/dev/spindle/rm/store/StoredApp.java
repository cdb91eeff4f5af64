package dev.spindle.rm.store;

import dev.spindle.rm.core.AttemptFacts;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * One application as the store holds it, decoded: what a cold read of ZooKeeper and a
 * standby's {@link StoreFollower} both produce, so recovery builds the same records from
 * either.
 *
 * @param submission the encoded submission at the head of the application node
 * @param attempts   its attempt nodes, in attempt-id order
 */
record StoredApp(ApplicationId id, byte[] submission, RecordCodec.AppNode node,
    List<Attempt> attempts) {

  record Attempt(ApplicationAttemptId id, AttemptFacts facts) {}
}
