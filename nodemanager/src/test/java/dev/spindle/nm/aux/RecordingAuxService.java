package dev.spindle.nm.aux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.yarn.server.api.ApplicationInitializationContext;
import org.apache.hadoop.yarn.server.api.ApplicationTerminationContext;
import org.apache.hadoop.yarn.server.api.AuxiliaryService;
import org.apache.hadoop.yarn.server.api.ContainerInitializationContext;
import org.apache.hadoop.yarn.server.api.ContainerTerminationContext;

/** A real AuxiliaryService that records the lifecycle calls the host makes. */
public class RecordingAuxService extends AuxiliaryService {
  /** Calls of every instance in this JVM, in order (tests run one host at a time). */
  public static final List<String> CALLS = new CopyOnWriteArrayList<>();

  public RecordingAuxService() {
    super("recording");
  }

  @Override
  public void initializeApplication(ApplicationInitializationContext ctx) {
    CALLS.add("initApp " + ctx.getApplicationId() + " " + ctx.getUser() + " "
        + StandardCharsets.UTF_8.decode(ctx.getApplicationDataForService().duplicate()));
  }

  @Override
  public void stopApplication(ApplicationTerminationContext ctx) {
    CALLS.add("stopApp " + ctx.getApplicationId());
  }

  @Override
  public void initializeContainer(ContainerInitializationContext ctx) {
    CALLS.add("initContainer " + ctx.getContainerId()
        + (getAuxiliaryLocalPathHandler() != null ? " withPathHandler" : ""));
  }

  @Override
  public void stopContainer(ContainerTerminationContext ctx) {
    CALLS.add("stopContainer " + ctx.getContainerId());
  }

  @Override
  public ByteBuffer getMetaData() {
    return ByteBuffer.wrap("meta".getBytes(StandardCharsets.UTF_8));
  }
}
