package dev.spindle.mini;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.net.NetUtils;

/** Finds a fixed port that is already taken before a daemon tries (and fails) to bind it. */
final class PortCheck {

  private PortCheck() {}

  /**
   * Checks every address key with a fixed port.
   *
   * @throws ConfDir.BadConfigException naming the port and the key that configures it
   */
  static void checkFree(Configuration conf, List<String> keys) throws ConfDir.BadConfigException {
    for (String key : keys) {
      String value = conf.getTrimmed(key);
      if (value == null) {
        continue;
      }
      InetSocketAddress address = NetUtils.createSocketAddr(value);
      if (address.getPort() == 0) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address.getPort()));
      } catch (IOException e) {
        throw new ConfDir.BadConfigException("Port " + address.getPort() + " (" + key + " = "
            + value + ") is already in use; stop what holds it or configure another port");
      }
    }
  }
}
