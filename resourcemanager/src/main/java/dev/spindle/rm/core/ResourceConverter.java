package dev.spindle.rm.core;

import dev.spindle.scheduler.ResourceVector;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceInformationProto;
import org.apache.hadoop.yarn.proto.YarnProtos.ResourceProto;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * The one place the RM converts between Hadoop's {@link Resource} and the scheduler's
 * {@link ResourceVector}. The resource types and their order are Hadoop's own registry
 * ({@link ResourceUtils}: memory-mb, vcores, then {@code yarn.resource-types}), which every
 * {@code Resource} record in this JVM already uses; {@link #configure} fixes it once at RM
 * start. Further type {@code i} of a vector is registry index {@code i + 2}.
 */
public final class ResourceConverter {

  /** The file the stock RM reads resource types from (next to yarn-site.xml). */
  public static final String RESOURCE_TYPES_FILE = "resource-types.xml";

  private ResourceConverter() {}

  /**
   * Fixes the resource types from {@code conf} ({@code yarn.resource-types} and its
   * {@code .units/.minimum-allocation/.maximum-allocation} keys in yarn-site) plus the
   * contents of {@code resource-types.xml} when there is one. Hadoop validates the names and
   * units and throws {@code YarnRuntimeException} on a bad declaration.
   */
  public static void configure(Configuration conf, Optional<byte[]> resourceTypesXml) {
    Configuration copy = new Configuration(conf);
    resourceTypesXml.ifPresent(
        bytes -> copy.addResource(new ByteArrayInputStream(bytes), RESOURCE_TYPES_FILE));
    if (!declared(copy).equals(declared(ResourceUtils.getResourceTypesArray()))) {
      // Only when they change: a reset lets another thread of this JVM (an NM of a
      // MiniCluster, an RM being replaced) briefly re-read the defaults.
      ResourceUtils.resetResourceTypes(copy);
    }
  }

  /** name, units, minimum and maximum of each further type declared in {@code conf}. */
  private static List<String> declared(Configuration conf) {
    List<String> out = new ArrayList<>();
    for (String name : conf.getTrimmedStrings(YarnConfiguration.RESOURCE_TYPES)) {
      String prefix = YarnConfiguration.RESOURCE_TYPES + "." + name;
      out.add(name + "|" + conf.get(prefix + ResourceUtils.UNITS, "")
          + "|" + conf.getLong(prefix + ResourceUtils.MINIMUM_ALLOCATION, 0L)
          + "|" + conf.getLong(prefix + ResourceUtils.MAXIMUM_ALLOCATION, Long.MAX_VALUE));
    }
    out.sort(null);
    return out;
  }

  private static List<String> declared(ResourceInformation[] types) {
    List<String> out = new ArrayList<>();
    for (int i = 2; i < types.length; i++) {
      ResourceInformation t = types[i];
      out.add(t.getName() + "|" + t.getUnits() + "|" + t.getMinimumAllocation()
          + "|" + t.getMaximumAllocation());
    }
    out.sort(null);
    return out;
  }

  /** How many types there are beyond memory and vcores. */
  public static int otherTypeCount() {
    return ResourceUtils.getNumberOfKnownResourceTypes() - 2;
  }

  /** The name of further type {@code i} ({@code yarn.io/gpu}). */
  public static String otherTypeName(int i) {
    return ResourceUtils.getResourceTypesArray()[i + 2].getName();
  }

  /** Every dimension of {@code r}; null stays null. */
  public static ResourceVector toVector(Resource r) {
    if (r == null) {
      return null;
    }
    // A record built before the types were fixed has fewer entries: the rest are zero.
    int n = Math.min(otherTypeCount(), r.getResources().length - 2);
    if (n <= 0) {
      return ResourceVector.of(r.getMemorySize(), r.getVirtualCores());
    }
    ResourceInformation[] all = r.getResources();
    long[] others = new long[n];
    for (int i = 0; i < n; i++) {
      others[i] = all[i + 2].getValue();
    }
    return ResourceVector.of(r.getMemorySize(), r.getVirtualCores(), others);
  }

  /** A Hadoop record with every dimension of {@code v}. */
  public static Resource toResource(ResourceVector v) {
    Resource r = Resource.newInstance(v.memoryMb(), (int) Math.min(Integer.MAX_VALUE, v.vcores()));
    int n = Math.min(v.otherCount(), otherTypeCount());
    for (int i = 0; i < n; i++) {
      r.setResourceValue(i + 2, v.other(i));
    }
    return r;
  }

  /**
   * The scheduler's maximum allocation: memory and vcores as given (yarn-site), the further
   * types from their {@code maximum-allocation} (unbounded by default, as in stock).
   */
  public static ResourceVector withTypeMaximums(ResourceVector memoryAndVcores) {
    int n = otherTypeCount();
    if (n <= 0) {
      return memoryAndVcores;
    }
    ResourceInformation[] types = ResourceUtils.getResourceTypesArray();
    long[] others = new long[n];
    for (int i = 0; i < n; i++) {
      others[i] = types[i + 2].getMaximumAllocation();
    }
    return ResourceVector.of(memoryAndVcores.memoryMb(), memoryAndVcores.vcores(), others);
  }

  /** The type names in a raw capability that this cluster does not declare. */
  public static List<String> unknownTypes(ResourceProto capability) {
    List<String> unknown = new ArrayList<>();
    Map<String, Integer> index = ResourceUtils.getResourceTypeIndex();
    for (ResourceInformationProto e : capability.getResourceValueMapList()) {
      if (!index.containsKey(e.getKey())) {
        unknown.add(e.getKey());
      }
    }
    return unknown;
  }
}
