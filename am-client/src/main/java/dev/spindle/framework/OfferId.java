package dev.spindle.framework;

/** The RM's name for one offer; valid until the offer is accepted, declined or rescinded. */
public record OfferId(String value) {
  public OfferId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("an offer id must not be empty");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
