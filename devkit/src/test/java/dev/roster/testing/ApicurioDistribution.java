package dev.roster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apicurio Registry release from Maven Central ({@code
 * io.apicurio:apicurio-registry-app:<v>:tar.gz:all}), unpacked under the build folder. A fresh
 * machine fetches it once into the local Maven repository.
 */
final class ApicurioDistribution {

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);
  private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration UNTAR_TIMEOUT = Duration.ofMinutes(5);

  private ApicurioDistribution() {}

  /**
   * The jar that starts the given release: {@code quarkus-run.jar} (3.x) or {@code *-runner.jar}
   * (2.x).
   */
  static synchronized Path runnableJar(String version) {
    Path unpacked = TestPaths.buildDirectory().resolve("apicurio").resolve(version);
    if (!Files.isDirectory(unpacked)) {
      unpack(tarball(version), unpacked);
    }
    return findRunnableJar(unpacked, version)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No quarkus-run.jar or *-runner.jar in "
                        + unpacked
                        + "; delete that folder to unpack the release again"));
  }

  private static Path tarball(String version) {
    Path tarball =
        TestPaths.localMavenRepository()
            .resolve("io/apicurio/apicurio-registry-app")
            .resolve(version)
            .resolve("apicurio-registry-app-" + version + "-all.tar.gz");
    if (!Files.isRegularFile(tarball)) {
      fetch(version, tarball);
    }
    return tarball;
  }

  private static void fetch(String version, Path tarball) {
    LOG.info(
        "Fetching Apicurio Registry {} into the local Maven repository (about 160 MB)", version);
    List<String> command =
        new ArrayList<>(
            List.of(
                TestPaths.mavenExecutable(),
                "-B",
                "-q",
                "dependency:get",
                "-Dartifact=io.apicurio:apicurio-registry-app:" + version + ":tar.gz:all",
                "-Dtransitive=false",
                "-Dmaven.repo.local=" + TestPaths.localMavenRepository()));
    Path log = TestPaths.buildDirectory().resolve("apicurio").resolve("fetch-" + version + ".log");
    ChildProcess.runToCompletion(command, log, FETCH_TIMEOUT);
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Maven reported success but " + tarball + " is missing; see " + log);
    }
  }

  /**
   * Unpacks next to the target and renames, so an interrupted untar never looks like a finished
   * one. Test JVMs run side by side (failsafe forks): when another one renamed its copy into place
   * first, the rename fails on a non-empty directory, and that copy, complete by the same rule, is
   * used.
   */
  private static void unpack(Path tarball, Path target) {
    Path partial =
        target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(partial);
      ChildProcess.runToCompletion(
          List.of("tar", "-xzf", tarball.toString(), "-C", partial.toString()),
          target.resolveSibling("untar-" + target.getFileName() + ".log"),
          UNTAR_TIMEOUT);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException lostTheRace) {
        if (!Files.isDirectory(target)) {
          throw lostTheRace;
        }
        LOG.info("Another test JVM unpacked {} first; using its copy", target);
        deleteRecursively(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack " + tarball + " into " + target, e);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static Optional<Path> findRunnableJar(Path unpacked, String version) {
    try (Stream<Path> files = Files.walk(unpacked, 3)) {
      List<Path> jars = files.filter(Files::isRegularFile).toList();
      return jars.stream()
          .filter(jar -> jar.getFileName().toString().equals("quarkus-run.jar"))
          .findFirst()
          .or(
              () ->
                  jars.stream()
                      .filter(
                          jar ->
                              jar.getFileName()
                                  .toString()
                                  .equals("apicurio-registry-app-" + version + "-runner.jar"))
                      .findFirst());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not search " + unpacked, e);
    }
  }
}
