package dev.spindle.spark.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark runtime as a Spark distribution would provide it, built by a jobs module: its jars
 * (for the SparkSubmit JVM and spark.yarn.jars), the application jar with the test jobs, and
 * the JVM options Spark's own launcher gives a driver on Java 17.
 */
final class SparkRuntime {

  /** Spark 3.5 (Scala 2.12, Hadoop 3.3.4 client), module spark-jobs. */
  static final SparkRuntime SPARK_3 = new SparkRuntime("spark-runtime.classpath");
  /** Spark 4 (Scala 2.13, Hadoop 3.5.0 client), module spark4-jobs. */
  static final SparkRuntime SPARK_4 = new SparkRuntime("spark4-runtime.classpath");

  private static final String PACKAGE = "dev/spindle/spark/";

  /** The jobs module's classpath file; the jobs live next to it. */
  private final String classpathResource;

  private SparkRuntime(String classpathFile) {
    this.classpathResource = PACKAGE + classpathFile;
  }

  /** Every jar of the Spark runtime, in Maven's classpath order. */
  List<Path> jars() throws IOException {
    try (InputStream in = resource().openStream()) {
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return Arrays.stream(classpath.split(File.pathSeparator)).map(Path::of).toList();
    }
  }

  /**
   * The jar holding the test jobs. Within a reactor build before {@code package} the jobs are a
   * classes directory; spark-submit wants a jar, so one is written into {@code dir}.
   */
  Path appJar(Path dir) throws IOException {
    URL url = resource();
    if (url.getProtocol().equals("jar")) {
      String path = url.getPath();
      return toPath(new URL(path.substring(0, path.indexOf("!/"))));
    }
    Path classes = toPath(url);
    for (int i = 0; i < classpathResource.split("/").length; i++) {
      classes = classes.getParent();
    }
    Path jar = dir.resolve("spindle-spark-jobs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * The --add-opens list Spark's launcher (spark-submit) puts on the driver's command line on
   * Java 17, read from Spark's own JavaModuleOptions. Spark adds it to AMs and executors by
   * itself; a driver started without spark-submit's script needs it from its launcher.
   */
  List<String> driverJavaOptions() throws Exception {
    Path launcher = jars().stream()
        .filter(p -> p.getFileName().toString().startsWith("spark-launcher_"))
        .findFirst().orElseThrow(() -> new IllegalStateException("no spark-launcher jar"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {launcher.toUri().toURL()}, null)) {
      Class<?> options = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions");
      String list = (String) options.getMethod("defaultModuleOptions").invoke(null);
      return List.of(list.trim().split("\\s+"));
    }
  }

  private URL resource() {
    URL url = SparkRuntime.class.getClassLoader().getResource(classpathResource);
    if (url == null) {
      throw new IllegalStateException(classpathResource + " is not on the test classpath");
    }
    return url;
  }

  private static Path toPath(URL url) throws IOException {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }
}
