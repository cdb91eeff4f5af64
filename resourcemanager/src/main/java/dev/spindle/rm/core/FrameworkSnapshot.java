package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;

/**
 * A registered offer framework, for views (REST, web UI).
 *
 * @param used          what it holds, outstanding offers included (its share counts both)
 * @param dominantShare its dominant share of the cluster (DRF's measure)
 * @param guarantee     its queue's guaranteed resources
 * @param filters       nodes it declined whose refuse filters have not ended
 */
public record FrameworkSnapshot(ApplicationAttemptId attempt, String name, String user,
    String queue, boolean suppressed, int filters, int offers, ResourceVector offered,
    ResourceVector used, double dominantShare, ResourceVector guarantee, int tasks,
    boolean revocable, boolean inverseOffers) {}
