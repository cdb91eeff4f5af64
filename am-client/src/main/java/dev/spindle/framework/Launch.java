package dev.spindle.framework;

import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;

/**
 * One task to start on accepted resources: a container of {@code resources} that the driver
 * starts with {@code context} on the offer's node.
 *
 * @param resources the container's size; the launches of one accept together must fit in
 *     the accepted offers
 * @param tag the framework's own name for the task, echoed in its {@link TaskStatus}es
 *     (the RM does not interpret it)
 * @param context what to run: commands, environment, local resources, tokens
 */
public record Launch(ResourceVector resources, String tag, ContainerLaunchContext context) {

  public Launch {
    if (resources == null || context == null) {
      throw new IllegalArgumentException("a launch needs resources and a launch context");
    }
    tag = tag == null ? "" : tag;
  }
}
