package dev.spindle.framework;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An amount of each resource type, as YARN names them: {@value #MEMORY} (MiB),
 * {@value #VCORES}, and any type the cluster configures (e.g. {@code yarn.io/gpu}). A type
 * not named is zero. Immutable.
 */
public final class ResourceVector {

  /** YARN's memory resource, in MiB. */
  public static final String MEMORY = "memory-mb";
  /** YARN's virtual cores. */
  public static final String VCORES = "vcores";

  private final Map<String, Long> values;
  private final Map<String, String> units;

  private ResourceVector(Map<String, Long> values, Map<String, String> units) {
    this.values = Collections.unmodifiableMap(values);
    this.units = Collections.unmodifiableMap(units);
  }

  /** Memory and vcores only. */
  public static ResourceVector of(long memoryMb, long vcores) {
    return new ResourceVector(new TreeMap<>(), new TreeMap<>())
        .with(MEMORY, memoryMb, "Mi").with(VCORES, vcores, "");
  }

  /** This vector with {@code name} set to {@code value} (units as the cluster configures). */
  public ResourceVector with(String name, long value) {
    return with(name, value, units.get(name));
  }

  /** This vector with {@code name} set to {@code value} in {@code unit} (null: default). */
  public ResourceVector with(String name, long value, String unit) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    Map<String, Long> v = new TreeMap<>(values);
    Map<String, String> u = new TreeMap<>(units);
    v.put(name, value);
    if (unit != null) {
      u.put(name, unit);
    }
    return new ResourceVector(v, u);
  }

  public long memoryMb() {
    return get(MEMORY);
  }

  public long vcores() {
    return get(VCORES);
  }

  /** The amount of {@code name}, zero if absent. */
  public long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  /** The units of {@code name} as given ("Mi", "" ...), or null if none were given. */
  public String units(String name) {
    return units.get(name);
  }

  /** The named types (including those set to zero). */
  public Set<String> names() {
    return values.keySet();
  }

  /** True if every amount of this vector is at most the same amount of {@code other}. */
  public boolean fitsIn(ResourceVector other) {
    for (Map.Entry<String, Long> e : values.entrySet()) {
      if (e.getValue() > other.get(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  /** {@code this - other}, type by type; throws if any amount would go negative. */
  public ResourceVector minus(ResourceVector other) {
    ResourceVector out = this;
    for (String name : other.names()) {
      out = out.with(name, get(name) - other.get(name));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceVector r && values.equals(r.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
