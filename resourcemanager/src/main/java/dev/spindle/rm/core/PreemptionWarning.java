package dev.spindle.rm.core;

import java.util.List;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * Containers the scheduler will take back from an AM unless it frees them first: a strict
 * contract, as the stock RM sends.
 */
public record PreemptionWarning(List<ContainerId> strict) {

  public PreemptionWarning {
    strict = List.copyOf(strict);
  }
}
