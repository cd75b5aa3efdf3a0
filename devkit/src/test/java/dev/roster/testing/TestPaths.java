package dev.roster.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are, from the system properties Failsafe passes (see pom.xml), with defaults that
 * work when a test runs from an IDE in the project folder.
 */
final class TestPaths {

  private TestPaths() {}

  static Path projectBaseDirectory() {
    return Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")))
        .toAbsolutePath();
  }

  static Path buildDirectory() {
    String configured = System.getProperty("project.build.directory");
    return configured != null
        ? Path.of(configured).toAbsolutePath()
        : projectBaseDirectory().resolve("target");
  }

  static Path localMavenRepository() {
    String configured = System.getProperty("maven.repo.local");
    return configured != null
        ? Path.of(configured).toAbsolutePath()
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** The Maven that runs this build, else whichever {@code mvn} is on the PATH. */
  static String mavenExecutable() {
    String mavenHome = System.getProperty("maven.home");
    if (mavenHome != null) {
      Path mvn = Path.of(mavenHome, "bin", "mvn");
      if (Files.isExecutable(mvn)) {
        return mvn.toString();
      }
    }
    return "mvn";
  }
}
