package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production jar (this module's shade output, which the image copies) runs Roster and nothing
 * of the dev kit: no broker, no Scala, no simulator, no embedded registry. It runs after {@code
 * package}, so it reads the jar the build just wrote.
 */
class ProductionJarIT {

  private static final Path JAR =
      Path.of(
          System.getProperty("project.build.directory", "connector/target"), "roster-server.jar");

  private static final Path SBOM =
      Path.of(
          System.getProperty("project.build.directory", "connector/target"),
          "roster-server.cdx.json");

  private static List<String> entries;

  @BeforeAll
  static void readJar() throws IOException {
    assertThat(JAR).as("the shade plugin writes the production jar at package").exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      entries = jar.stream().map(ZipEntry::getName).toList();
    }
  }

  /**
   * The SBOM `mvn package` writes beside the jar names every library the jar holds, at the version
   * it holds (each shaded library's own pom.properties), so a scanner reading it sees what runs.
   */
  @Test
  void theSbomNamesEveryLibraryInTheJarAtItsVersion() throws IOException {
    assertThat(SBOM).as("the CycloneDX plugin writes the SBOM at package").exists();
    JsonNode components = new ObjectMapper().readTree(SBOM.toFile()).path("components");
    Set<String> listed = new HashSet<>();
    components.forEach(
        component ->
            listed.add(
                component.path("group").asText()
                    + ":"
                    + component.path("name").asText()
                    + ":"
                    + component.path("version").asText()));
    List<String> shaded = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (ZipEntry entry : jar.stream().toList()) {
        if (entry.getName().startsWith("META-INF/maven/")
            && entry.getName().endsWith("/pom.properties")
            && !entry.getName().startsWith("META-INF/maven/dev.roster/")) {
          Properties library = new Properties();
          try (var in = jar.getInputStream(entry)) {
            library.load(in);
          }
          shaded.add(
              library.getProperty("groupId")
                  + ":"
                  + library.getProperty("artifactId")
                  + ":"
                  + library.getProperty("version"));
        }
      }
    }

    assertThat(shaded).as("libraries in the jar").contains("ch.qos.logback:logback-classic:1.5.38");
    assertThat(listed).containsAll(shaded);
    assertThat(listed).as("nothing of the dev kit").noneMatch(id -> id.contains("junit"));
  }

  @Test
  void holdsRosterButNoneOfTheDevKit() {
    assertThat(entries)
        .contains(
            "dev/roster/cli/RosterCli.class",
            "dev/roster/detect/ChangeDetector.class",
            "dev/roster/registry/AvroSerde.class",
            "dev/roster/avro/UserChangeEvent.class");
    assertThat(entries)
        .as("the broker (kafka_2.13, kafka-server, its Raft and metadata modules)")
        .noneMatch(
            name ->
                name.startsWith("kafka/server/")
                    || name.startsWith("org/apache/kafka/raft/")
                    || name.startsWith("org/apache/kafka/metadata/")
                    || name.startsWith("org/apache/kafka/server/config/"));
    assertThat(entries).as("Scala").noneMatch(name -> name.startsWith("scala/"));
    assertThat(entries)
        .as("the simulator, the embedded broker and registry, the demo")
        .noneMatch(
            name ->
                name.startsWith("dev/roster/sim/")
                    || name.startsWith("dev/roster/embedded/")
                    || name.startsWith("dev/roster/registry/server/")
                    || name.startsWith("dev/roster/demo/"));
    assertThat(entries)
        .as("the test kit")
        .noneMatch(name -> name.startsWith("dev/roster/testing/") || name.startsWith("org/junit/"));
  }

  @Test
  void runsAsTheProductionCommandLine() throws Exception {
    Path out = Files.createTempFile("roster-server-help", ".txt");
    Process help =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--help")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).as("roster-server.jar --help ends").isTrue();
    String usage = Files.readString(out, StandardCharsets.UTF_8);

    assertThat(help.exitValue()).as(usage).isZero();
    assertThat(usage).contains("run", "tail", "accounts", "schemas");
    assertThat(usage)
        .as("demo and simulate need the dev kit")
        .doesNotContainPattern("(?m)^\\s+(demo|simulate)\\b");
  }
}
