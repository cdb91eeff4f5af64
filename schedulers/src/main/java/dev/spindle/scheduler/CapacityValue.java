package dev.spindle.scheduler;

/**
 * A queue's {@code capacity} or {@code maximum-capacity} as written in
 * {@code capacity-scheduler.xml}: a percentage of the parent ({@code 50}), a weight among
 * siblings ({@code 3w}) or an absolute amount ({@code [memory=10240,vcores=12]}).
 */
record CapacityValue(Mode mode, float amount, ResourceVector absolute) {

  enum Mode { PERCENT, WEIGHT, ABSOLUTE }

  static CapacityValue percent(float percent) {
    return new CapacityValue(Mode.PERCENT, percent, null);
  }

  /**
   * Parses one value; {@code what} names the property in the problem text.
   *
   * @throws IllegalArgumentException with the problem, for the parser to attach file and queue
   */
  static CapacityValue parse(String text, String what) {
    String value = text.trim();
    if (value.startsWith("[")) {
      return new CapacityValue(Mode.ABSOLUTE, 0, absolute(value, what));
    }
    boolean weight = value.endsWith("w");
    String number = weight ? value.substring(0, value.length() - 1) : value;
    float amount;
    try {
      amount = Float.parseFloat(number.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is neither a percentage, "
          + "a weight (3w) nor an absolute resource ([memory=...,vcores=...])");
    }
    if (Float.isNaN(amount) || amount < 0 && !(amount == -1 && !weight)) {
      throw new IllegalArgumentException(what + " '" + text + "' must not be negative");
    }
    return new CapacityValue(weight ? Mode.WEIGHT : Mode.PERCENT, amount, null);
  }

  private static ResourceVector absolute(String value, String what) {
    if (!value.endsWith("]")) {
      throw new IllegalArgumentException(what + " '" + value + "' lacks the closing ']'");
    }
    long memory = -1;
    long vcores = -1;
    for (String pair : value.substring(1, value.length() - 1).split(",")) {
      String[] kv = pair.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(what + " '" + value + "': '" + pair.trim()
            + "' is not name=value");
      }
      String name = kv[0].trim();
      long amount = parseAmount(kv[1].trim(), what, value);
      switch (name) {
        case "memory", "memory-mb" -> memory = amount;
        case "vcores" -> vcores = amount;
        default -> throw new IllegalArgumentException(what + " '" + value
            + "': unknown resource '" + name + "' (memory, memory-mb and vcores are known)");
      }
    }
    if (memory < 0 || vcores < 0) {
      throw new IllegalArgumentException(what + " '" + value
          + "' must give both memory and vcores");
    }
    return ResourceVector.of(memory, vcores);
  }

  /** A whole number, optionally with a binary unit (Mi, Gi, Ti) for memory. */
  private static long parseAmount(String amount, String what, String value) {
    long scale = 1;
    String digits = amount;
    if (amount.endsWith("Gi")) {
      scale = 1024;
      digits = amount.substring(0, amount.length() - 2);
    } else if (amount.endsWith("Ti")) {
      scale = 1024 * 1024;
      digits = amount.substring(0, amount.length() - 2);
    } else if (amount.endsWith("Mi")) {
      digits = amount.substring(0, amount.length() - 2);
    }
    try {
      long n = Long.parseLong(digits.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n * scale;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + value + "': '" + amount
          + "' is not a non-negative whole number");
    }
  }

  @Override
  public String toString() {
    return switch (mode) {
      case PERCENT -> amount + "%";
      case WEIGHT -> amount + "w";
      case ABSOLUTE -> "[memory=" + absolute.memoryMb() + ",vcores=" + absolute.vcores() + "]";
    };
  }
}
