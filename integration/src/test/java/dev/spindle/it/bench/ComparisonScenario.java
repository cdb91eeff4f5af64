package dev.spindle.it.bench;

import dev.spindle.loadgen.LoadScenario;

/**
 * One scenario of the load comparison: what the load generator plays against each RM.
 *
 * @param name the short name used to select it ({@code -Dcompare.scenarios=...})
 * @param title what the table calls it
 * @param shape which run it is, and so which figures it reports
 * @param load nodes, apps and containers; for a storm, the nodes and the AM container size
 * @param stormApps storm only: applications submitted
 * @param stormThreads storm only: client threads submitting
 */
record ComparisonScenario(String name, String title, Shape shape, LoadScenario load,
    int stormApps, int stormThreads) {

  /** The kinds of run, each with its own figures ({@link LoadFigure}). */
  enum Shape {
    /** Nodes heartbeating, no apps: the RM's cost of merely keeping nodes. */
    IDLE,
    /** Unmanaged AMs asking for, getting and completing containers. */
    CONTAINERS,
    /** Managed apps submitted from many threads, each killed once ACCEPTED. */
    STORM_KILL,
    /** Managed apps submitted from many threads whose AMs fit no node: submission alone. */
    STORM_UNPLACED;

    boolean storm() {
      return this == STORM_KILL || this == STORM_UNPLACED;
    }
  }
}
