package dev.spindle.scheduler;

/**
 * Read-only usage of one application, for reports.
 *
 * @param pending resources asked for (ANY totals) and not yet allocated
 * @param pendingReason why the application is waiting, or null when it is not
 */
public record AppView(
    long appKey, String queuePath, String user, ResourceVector used, int numContainers,
    ResourceVector pending, String pendingReason) {}
