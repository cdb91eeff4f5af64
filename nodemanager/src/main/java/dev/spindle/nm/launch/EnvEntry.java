package dev.spindle.nm.launch;

/**
 * One line of the launch script's environment section.
 *
 * @param onlyIfUnset written as {@code export X=${X:-"v"}}: the whitelist default form
 */
public record EnvEntry(String name, String value, boolean onlyIfUnset) {
  public String toShell() {
    return onlyIfUnset
        ? "export " + name + "=${" + name + ":-\"" + value + "\"}"
        : "export " + name + "=\"" + value + "\"";
  }
}
