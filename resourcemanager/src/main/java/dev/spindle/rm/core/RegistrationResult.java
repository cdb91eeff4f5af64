package dev.spindle.rm.core;

/**
 * The core's answer to a registration: the node is accepted, or told to shut down (an
 * excluded host, too small a node) with the reason. The RPC side adds the token master keys
 * and the RM's identity, which the core does not own.
 */
public record RegistrationResult(boolean accepted, String diagnostics) {

  static final RegistrationResult ACCEPTED = new RegistrationResult(true, null);

  static RegistrationResult shutDown(String diagnostics) {
    return new RegistrationResult(false, diagnostics);
  }
}
