package dev.spindle.framework;

import java.util.EnumSet;
import java.util.Set;

/**
 * How a framework registers: its name and capabilities, and what YARN shows for its AM.
 *
 * @param name the framework's name (shown by the RM)
 * @param capabilities optional behaviours to opt into
 * @param host the AM's host, as in registerApplicationMaster
 * @param rpcPort the AM's RPC port, or -1
 * @param trackingUrl the AM's tracking URL, or ""
 */
public record FrameworkInfo(String name, Set<Capability> capabilities, String host,
    int rpcPort, String trackingUrl) {

  public FrameworkInfo {
    capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    host = host == null ? "" : host;
    trackingUrl = trackingUrl == null ? "" : trackingUrl;
  }

  /** A framework with no capabilities, no RPC port and no tracking URL. */
  public static FrameworkInfo named(String name, String host) {
    return new FrameworkInfo(name, Set.of(), host, -1, "");
  }
}
