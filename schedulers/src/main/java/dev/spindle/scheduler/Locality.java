package dev.spindle.scheduler;

/** How well an allocation matched the locality its ask preferred. */
public enum Locality {
  NODE_LOCAL,
  RACK_LOCAL,
  OFF_SWITCH
}
