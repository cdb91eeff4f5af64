package dev.spindle.rm.whatif;

/**
 * What a replay needs to know about the recording RM besides its workload, written at the
 * start of each session next to the trace ({@value WorkloadTrace#META_FILE}). The policy's
 * files and the scheduler keys of {@code yarn-site.xml} are copied under
 * {@value WorkloadTrace#CONF_DIR}: together they are "the recorded config".
 *
 * @param scheduler           the policy name or class ({@code yarn.resourcemanager.scheduler.class})
 * @param heartbeatIntervalMs the NM heartbeat interval the RM handed out
 * @param startedAt           when the session began (the RM's clock)
 */
public record TraceMeta(String scheduler, long heartbeatIntervalMs, long startedAt) {}
