package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.util.List;

/**
 * A queue at one moment, with the children and applications the caller asked for: what a
 * QueueInfo is made of.
 *
 * @param currentCapacity used memory as a fraction of the queue's guarantee
 * @param free            what the cluster has free (stock queue statistics show it)
 */
public record QueueSnapshot(String name, String path, float capacity, float maximumCapacity,
    float currentCapacity, boolean running, String schedulerType, long appsSubmitted,
    long appsRunning, long appsPending, ResourceVector used, ResourceVector pending,
    ResourceVector free, int containers, List<QueueSnapshot> children,
    List<AppSnapshot> apps) {}
