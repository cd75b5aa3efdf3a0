package dev.roster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK or JRE installed on this machine, found at run time: CI machines and developer machines
 * keep their JDKs in different places, so no path is assumed.
 */
public record JavaRuntime(Path home, String version) {

  private static final Pattern RELEASE_VERSION =
      Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);
  private static final Path DEBIAN_JVM_DIR = Path.of("/usr/lib/jvm");

  /** The runtime of this JVM. */
  public static JavaRuntime current() {
    return new JavaRuntime(
        Path.of(System.getProperty("java.home")), System.getProperty("java.version"));
  }

  /**
   * The first runtime of at least the given feature version, looking at $JAVA21_HOME, $JAVA_HOME,
   * this JVM, then each folder of /usr/lib/jvm, by the JAVA_VERSION of its {@code release} file.
   */
  public static Optional<JavaRuntime> find(int minimumFeatureVersion) {
    return candidateHomes().stream()
        .map(JavaRuntime::at)
        .flatMap(Optional::stream)
        .filter(runtime -> runtime.featureVersion() >= minimumFeatureVersion)
        .findFirst();
  }

  /**
   * The runtime installed at {@code home}, if it has a {@code release} file and a {@code bin/java}.
   */
  static Optional<JavaRuntime> at(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
      return Optional.empty();
    }
    try {
      Matcher matcher = RELEASE_VERSION.matcher(Files.readString(release));
      return matcher.find()
          ? Optional.of(new JavaRuntime(home, matcher.group(1)))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // an unreadable JDK folder is simply not a candidate
    }
  }

  /** 17 for "17.0.15", 8 for "1.8.0_392". */
  public int featureVersion() {
    String[] parts = version.split("[._+-]");
    return Integer.parseInt(parts[0].equals("1") ? parts[1] : parts[0]);
  }

  public Path javaExecutable() {
    return home.resolve("bin/java");
  }

  private static List<Path> candidateHomes() {
    Set<Path> homes = new LinkedHashSet<>();
    Stream.of(
            System.getenv("JAVA21_HOME"),
            System.getenv("JAVA_HOME"),
            System.getProperty("java.home"))
        .filter(value -> value != null && !value.isBlank())
        .map(Path::of)
        .forEach(homes::add);
    if (Files.isDirectory(DEBIAN_JVM_DIR)) {
      try (Stream<Path> installed = Files.list(DEBIAN_JVM_DIR)) {
        installed.sorted().forEach(homes::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not list " + DEBIAN_JVM_DIR, e);
      }
    }
    return List.copyOf(homes);
  }

  @Override
  public String toString() {
    return "Java " + version + " at " + home;
  }
}
