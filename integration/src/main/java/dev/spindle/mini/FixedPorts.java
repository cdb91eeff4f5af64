package dev.spindle.mini;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for addresses that must be written into the configuration before anything binds
 * them (an HA group: every client needs every RM's address up front).
 *
 * <p>Rationale: a port found by binding port 0 lies in the kernel's ephemeral range, where any
 * outgoing connection or other port-0 server may take it before the RM binds it. Ports just
 * below that range are handed out by nobody but us, so a port found free stays free.
 */
public final class FixedPorts {

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  /** Ports already handed out by this JVM, never handed out twice. */
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FixedPorts() {}

  /** A port that is free now and lies below the ephemeral range. */
  public static synchronized int pick() throws IOException {
    int high = ephemeralLow();
    int low = Math.max(1024, high - 16_000);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(low, high);
      if (!HANDED_OUT.contains(port) && isFree(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IOException("No free port between " + low + " and " + high);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("localhost", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
  private static int ephemeralLow() {
    // readLine, not readString: procfs reports a size that readString trusts and truncates to.
    try (java.io.BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      String[] range = reader.readLine().trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }
}
