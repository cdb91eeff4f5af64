package dev.spindle.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RmProcessTest {

  @Test
  void cpuTicksAreUtimePlusStimeEvenWithSpacesInTheName() {
    String stat = "4242 (java (a b)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 "
        + "50 0 1000 10000000 5000 18446744073709551615";
    assertEquals(1234 + 567, RmProcess.cpuTicks(stat));
  }

  @Test
  void peakRssComesFromVmHwm() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t 1000 kB\n";
    assertEquals(524288, RmProcess.vmHwmKb(status).getAsLong());
    assertTrue(RmProcess.vmHwmKb("Name:\tjava\n").isEmpty());
  }

  @Test
  void readsThisProcess() throws Exception {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return; // not Linux: the generator reports no RM figures there
    }
    RmProcess self = new RmProcess(ProcessHandle.current().pid());
    assertTrue(self.cpuSeconds() > 0);
    assertTrue(self.peakRssMb() > 0);
  }
}
