package dev.spindle.scheduler;

/**
 * Why one outstanding ask of an application has not been placed (yet), as the scheduler last
 * saw it: one per resource name of each (priority, allocationRequestId) group, the reason
 * being the group's, since the scheduler places a group's containers together. A framework
 * waiting for offers gets one more, with {@code offer} set.
 *
 * @param resourceName a host, a rack or {@link Ask#ANY}; for an offer line, {@link Ask#ANY}
 * @param capability   the normalised size of one container; for an offer line, what the
 *                     framework's outstanding offers hold together
 * @param count        containers still wanted at this resource name; for an offer line, the
 *                     outstanding offers
 * @param words        the reason in words, with the numbers of this case
 * @param since        the caller's time (ms) since which it waits for this reason, or since
 *                     it waits at all when the scheduler cannot tell; -1 when unknown
 */
public record AskExplanation(int priority, long allocationRequestId, String resourceName,
    ResourceVector capability, int count, boolean relaxLocality, boolean offer,
    WaitReason reason, String words, long since) {}
