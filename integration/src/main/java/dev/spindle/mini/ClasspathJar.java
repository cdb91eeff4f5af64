package dev.spindle.mini;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A jar holding only a manifest whose {@code Class-Path} lists every entry of a classpath.
 *
 * <p>Rationale: containers of stock applications (MapReduce, DistributedShell) build their
 * classpath from {@code yarn.application.classpath}. Without a Hadoop installation on the node,
 * pointing that key at one such jar gives every container the Hadoop jars Spindle runs on,
 * with a short environment variable instead of hundreds of paths.
 */
public final class ClasspathJar {

  private ClasspathJar() {}

  /** Writes the jar for {@code classpath} (entries separated by the path separator). */
  public static Path write(Path jar, String classpath) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      File file = new File(entry).getAbsoluteFile();
      // Directories need a trailing slash, or the class loader treats them as jars.
      urls.add(file.toURI().toString());
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // The manifest is the whole content.
    }
    return jar;
  }
}
