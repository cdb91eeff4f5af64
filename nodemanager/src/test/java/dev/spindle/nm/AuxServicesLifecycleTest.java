package dev.spindle.nm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.nm.aux.RecordingAuxService;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersResponse;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host drives the AuxiliaryService lifecycle around real containers. */
class AuxServicesLifecycleTest {
  @TempDir File tmp;

  @Test
  void serviceDataMetadataAndCallbacksFollowTheStockLifecycle() throws Exception {
    RecordingAuxService.CALLS.clear();
    Configuration conf = new Configuration();
    conf.set(YarnConfiguration.NM_AUX_SERVICES, "recording");
    conf.set("yarn.nodemanager.aux-services.recording.class",
        RecordingAuxService.class.getName());
    try (CmHarness h = new CmHarness(tmp, conf)) {
      ContainerManagementProtocol am = h.proxy(h.attempt);
      try {
        ContainerId id = h.newContainerId();
        ContainerLaunchContext clc = CmHarness.launchContext(
            List.of("echo $NM_AUX_SERVICE_recording > <LOG_DIR>/aux.txt"), Map.of(), Map.of(),
            null);
        clc.setServiceData(Map.of("recording",
            ByteBuffer.wrap("job-token".getBytes(StandardCharsets.UTF_8))));
        StartContainersResponse r = h.start(am, clc, h.containerToken(id));
        assertEquals("meta", StandardCharsets.UTF_8.decode(
            r.getAllServicesMetaData().get("recording")).toString());
        assertEquals(0, h.awaitComplete(am, id, Duration.ofSeconds(20)).getExitStatus());
        assertEquals(Base64.getEncoder().encodeToString("meta".getBytes(StandardCharsets.UTF_8)),
            Files.readString(new File(h.logDir(id), "aux.txt").toPath()).trim());
        h.supervisor.finishApplications(List.of(h.app));
        StockRm.await("stopApp", Duration.ofSeconds(10),
            () -> RecordingAuxService.CALLS.contains("stopApp " + h.app));
        assertEquals(List.of(
            "initApp " + h.app + " " + CmHarness.USER + " job-token",
            "initContainer " + id + " withPathHandler",
            "stopContainer " + id,
            "stopApp " + h.app), RecordingAuxService.CALLS);
      } finally {
        CmHarness.close(am);
      }
    }
  }
}
