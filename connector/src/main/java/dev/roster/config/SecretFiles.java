package dev.roster.config;

import dev.roster.topics.KafkaClientSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Secrets read from files, the convention for secrets mounted into containers (Docker and
 * Kubernetes secrets under {@code /run/secrets}): every secret key {@code K} may instead be given
 * as {@code K-file}, naming a file whose content, without its trailing line breaks, is the value.
 * That holds for Roster's secrets ({@code truto.api-token-file}) and for every Kafka client secret
 * ({@code kafka.sasl.jaas.config-file}); from the environment, {@code ROSTER_<K>_FILE}.
 *
 * <p>A secret given both ways is a problem rather than one silently winning: whoever set the two
 * meant one of them. A file that cannot be used is a problem naming the key and the path, never the
 * content; a value that names nothing on disk is not shown at all, since it may be the secret
 * itself ({@code ROSTER_TRUTO_API_TOKEN_FILE=<the token>}).
 */
final class SecretFiles {

  static final String SUFFIX = "-file";

  /**
   * A token, a password, a JAAS line: a larger file is the wrong file (a log, a device), not a
   * secret.
   */
  static final int MAX_BYTES = 64 * 1024;

  /**
   * @param sources the configuration with each secret read from its file: the value under the
   *     secret's own key, its origin naming the file; a Kafka secret's {@code -file} key removed,
   *     so that it never reaches the Kafka clients
   * @param problems one line per secret file that cannot be used
   */
  record Resolved(ConfigSources sources, List<String> problems) {
    Resolved {
      problems = List.copyOf(problems);
    }
  }

  private SecretFiles() {}

  /**
   * @param secretKeys Roster's own keys whose value may come from a file; {@code kafka.*} secrets
   *     are recognised by {@link KafkaClientSecrets#isSecret}
   */
  static Resolved resolve(ConfigSources sources, Set<String> secretKeys) {
    Map<String, String> values = new LinkedHashMap<>(sources.values());
    Map<String, String> origins = new LinkedHashMap<>(sources.origins());
    List<String> problems = new ArrayList<>();
    sources
        .values()
        .forEach(
            (fileKey, pathText) -> {
              if (!fileKey.endsWith(SUFFIX)) {
                return;
              }
              String key = fileKey.substring(0, fileKey.length() - SUFFIX.length());
              boolean kafkaKey =
                  key.startsWith(ConfigSources.KAFKA_PREFIX)
                      && key.length() > ConfigSources.KAFKA_PREFIX.length();
              if (!kafkaKey && !secretKeys.contains(key)) {
                return; // not a file form: an ordinary key, or an unknown one the validation
                // reports
              }
              String where = sources.where(fileKey);
              if (kafkaKey) {
                values.remove(fileKey);
                if (!KafkaClientSecrets.isSecret(
                    key.substring(ConfigSources.KAFKA_PREFIX.length()))) {
                  problems.add(
                      fileKey
                          + where
                          + ": only secrets can be read from a file; set "
                          + key
                          + " itself");
                  return;
                }
              }
              String path = pathText.strip();
              if (path.isEmpty()) {
                return; // unset, like any empty value
              }
              String direct = sources.values().get(key);
              if (direct != null && !direct.isBlank()) {
                problems.add(
                    key
                        + " is given twice: as "
                        + key
                        + sources.where(key)
                        + " and as "
                        + fileKey
                        + where
                        + "; keep one of them");
                return;
              }
              try {
                values.put(key, read(path));
                origins.put(key, "file " + path + " named by " + fileKey + where);
              } catch (UnusableFile e) {
                // A value that names no file may be the secret itself, put where its path belongs.
                String shown = e.pathExists() ? " = '" + path + "'" : "";
                problems.add(fileKey + shown + where + ": " + e.getMessage());
              }
            });
    return new Resolved(new ConfigSources(values, origins), problems);
  }

  /** The file's text without trailing line breaks (what {@code echo secret > file} adds). */
  static String read(String pathText) throws UnusableFile {
    Path path;
    try {
      path = Path.of(pathText);
    } catch (InvalidPathException e) {
      throw UnusableFile.noFile("is not a valid file path", pathText);
    }
    if (Files.isDirectory(path)) {
      throw new UnusableFile("the path is a directory, not a file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw UnusableFile.noFile("names no file that exists", pathText);
    } catch (AccessDeniedException e) {
      throw new UnusableFile("the file cannot be read: permission denied");
    } catch (IOException e) {
      // Never the exception's message: some quote what they read.
      String reason = "the file cannot be read (" + e.getClass().getSimpleName() + ")";
      throw Files.exists(path) ? new UnusableFile(reason) : UnusableFile.noFile(reason, pathText);
    }
    if (bytes.length > MAX_BYTES) {
      throw new UnusableFile(
          "the file is larger than " + MAX_BYTES / 1024 + " KiB: a secret file holds one value");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new UnusableFile("the file is not UTF-8 text");
    }
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    if (text.substring(0, end).isBlank()) {
      throw new UnusableFile("the file is empty");
    }
    return text.substring(0, end);
  }

  /**
   * Why a secret file cannot be used, in words that never include its content, nor the path when no
   * file is there: such a "path" may be the secret itself ({@code ROSTER_TRUTO_API_TOKEN_FILE=} the
   * token).
   */
  static final class UnusableFile extends Exception {
    private final boolean pathExists;

    UnusableFile(String reason) {
      this(reason, true);
    }

    private UnusableFile(String reason, boolean pathExists) {
      super(reason);
      this.pathExists = pathExists;
    }

    /** The value names no usable path: say so, and what it looks like, without quoting it. */
    static UnusableFile noFile(String reason, String pathText) {
      return new UnusableFile(
          reason
              + " (the value is not shown: it may be the secret itself rather than the path of its"
              + " file; it has "
              + pathText.length()
              + " characters"
              + (pathText.startsWith("/") ? "" : " and is not an absolute path")
              + ")",
          false);
    }

    /** Whether the value names something on disk, and so is a path that may be shown. */
    boolean pathExists() {
      return pathExists;
    }
  }
}
