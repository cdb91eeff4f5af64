package dev.spindle.scheduler;

import java.util.Locale;

/**
 * A resource amount in an allocation file ({@code minResources}, {@code maxResources}):
 * absolute ({@code "1024 mb, 2 vcores"}, {@code "memory-mb=1024, vcores=2"}) or as
 * percentages of the cluster ({@code "50%"}, {@code "40% memory, 60% cpu"},
 * {@code "memory-mb=40%, vcores=60%"}). Percentages resolve against the cluster size.
 */
record FairResource(ResourceVector absolute, double memoryPercent, double vcoresPercent) {

  static final FairResource NONE = new FairResource(ResourceVector.ZERO, -1, -1);
  /** No limit: every resource unbounded. */
  static final FairResource UNLIMITED =
      new FairResource(ResourceVector.of(Long.MAX_VALUE, Long.MAX_VALUE), -1, -1);

  boolean isPercent() {
    return memoryPercent >= 0;
  }

  ResourceVector resolve(ResourceVector cluster) {
    if (!isPercent()) {
      return absolute;
    }
    return ResourceVector.of((long) (cluster.memoryMb() * memoryPercent / 100),
        (long) (cluster.vcores() * vcoresPercent / 100));
  }

  /** Parses one value; throws IllegalArgumentException saying what is wrong. */
  static FairResource parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.matches("[0-9.]+\\s*%")) {
      double pct = percent(value, text);
      return new FairResource(null, pct, pct);
    }
    long memory = -1;
    long vcores = -1;
    double memPct = -1;
    double vcPct = -1;
    for (String part : value.split(",")) {
      String p = part.trim();
      String name;
      String amount;
      if (p.contains("=")) {
        String[] kv = p.split("=", 2);
        name = kv[0].trim();
        amount = kv[1].trim();
      } else {
        String[] words = p.split("\\s+");
        if (words.length != 2) {
          throw new IllegalArgumentException("'" + text + "' is not a resource amount"
              + " (e.g. \"1024 mb, 2 vcores\" or \"50%\")");
        }
        amount = words[0];
        name = words[1];
      }
      boolean pct = amount.endsWith("%");
      switch (name) {
        case "mb", "memory", "memory-mb" -> {
          if (pct) {
            memPct = percent(amount, text);
          } else {
            memory = number(amount, text);
          }
        }
        case "vcores", "cpu" -> {
          if (pct) {
            vcPct = percent(amount, text);
          } else {
            vcores = number(amount, text);
          }
        }
        default -> throw new IllegalArgumentException("'" + text + "' names unknown resource '"
            + name + "'");
      }
    }
    if (memPct >= 0 || vcPct >= 0) {
      if (memPct < 0 || vcPct < 0) {
        throw new IllegalArgumentException("'" + text + "' must give both memory and cpu"
            + " percentages");
      }
      return new FairResource(null, memPct, vcPct);
    }
    if (memory < 0 || vcores < 0) {
      throw new IllegalArgumentException("'" + text + "' must give both memory and vcores");
    }
    return new FairResource(ResourceVector.of(memory, vcores), -1, -1);
  }

  private static double percent(String amount, String text) {
    try {
      double pct = Double.parseDouble(amount.replace("%", "").trim());
      if (pct < 0 || pct > 100) {
        throw new NumberFormatException();
      }
      return pct;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': '" + amount
          + "' is not a percentage between 0 and 100");
    }
  }

  private static long number(String amount, String text) {
    try {
      long n = (long) Double.parseDouble(amount);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': '" + amount
          + "' is not a non-negative number");
    }
  }
}
