package dev.spindle.nm.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import org.junit.jupiter.api.Test;

class MarkerExpanderTest {
  private final File logDir = new File("/logs/app_1/c_1");

  @Test
  void logDirClasspathSeparatorAndParameterMarkersExpand() {
    MarkerExpander m = new MarkerExpander(logDir, true);
    assertEquals("$JAVA_HOME/bin/java 1>/logs/app_1/c_1/stdout",
        m.expand("{{JAVA_HOME}}/bin/java 1><LOG_DIR>/stdout"));
    assertEquals("$PWD:$PWD/*:lib", m.expand("{{PWD}}<CPS>{{PWD}}/*<CPS>lib"));
  }

  @Test
  void addOpensBecomesTheJdk17FlagsOnJdk17AndNothingBefore() {
    assertEquals("java " + MarkerExpander.JDK17_ADD_OPENS + " Main",
        new MarkerExpander(logDir, true).expand("java <ADD_OPENS> Main"));
    assertEquals("java  Main", new MarkerExpander(logDir, false).expand("java <ADD_OPENS> Main"));
  }

  @Test
  void theDefaultDecidesByTheJvmTheNmRunsOn() {
    // This build runs on Java 17, so the NM must put the flags in.
    assertEquals(MarkerExpander.JDK17_ADD_OPENS, new MarkerExpander(logDir).expand("<ADD_OPENS>"));
  }
}
