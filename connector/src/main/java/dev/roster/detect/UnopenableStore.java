package dev.roster.detect;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a failure to open a Kafka Streams store (RocksDB's "Error opening store users at location
 * /state/app/0_1/rocksdb/users", caused by "While opening a file … MANIFEST-000042: No such file or
 * directory") for what {@link StreamsApp#start} wipes: the task directory the store lives in.
 */
final class UnopenableStore {

  private UnopenableStore() {}

  /**
   * The directory of the task whose store {@code failure} names, under {@code applicationDir}
   * (state.dir/application.id); empty when no message in the chain names one, and then the whole
   * application's local state is wiped.
   */
  static Optional<Path> taskDirectory(Throwable failure, Path applicationDir) {
    Pattern task =
        Pattern.compile(
            Pattern.quote(File.separator + applicationDir.getFileName() + File.separator)
                + "(\\d+_\\d+)"
                + Pattern.quote(File.separator));
    for (Throwable cause = failure;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      Matcher found = task.matcher(String.valueOf(cause.getMessage()));
      if (found.find()) {
        return Optional.of(applicationDir.resolve(found.group(1)));
      }
    }
    return Optional.empty();
  }

  /** The failure and its root cause in one line, for the WARN that says what was wiped. */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure ? failure.toString() : failure + ", caused by " + root;
  }
}
