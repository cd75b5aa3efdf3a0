package dev.roster.bench;

import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.User;
import dev.roster.detect.DiffRules;
import dev.roster.detect.Fingerprints;
import dev.roster.sim.TrutoSimulator;
import dev.roster.truto.ListedItem;
import dev.roster.truto.TrutoClient;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * What fingerprinting a user costs the poller and the detector (docs/benchmarks.md,
 * "Fingerprints"): {@link Fingerprints#of} per user, against SHA-256 and, for comparison, XXH64 (a
 * fast non-cryptographic hash, from lz4-java, already on the classpath) over as many bytes as the
 * user's Avro encoding, three times each as {@code Fingerprints} hashes three values. Users are the
 * simulator's generated Google Workspace users, mapped by the Truto client. Run with
 * bench/roster.sh fingerprints; not a test.
 */
public final class FingerprintCostBench {

  private static final int PASSES = 5;

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    List<User> users = users(count);
    List<byte[]> encoded = new ArrayList<>();
    for (User user : users) {
      encoded.add(avro(user));
    }
    long bytes = encoded.stream().mapToLong(b -> b.length).sum();
    DiffRules rules = DiffRules.defaults();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    XXHash64 xxh64 = XXHashFactory.fastestJavaInstance().hash64();
    long sink = 0;
    for (int pass = 1; pass <= PASSES; pass++) {
      long start = System.nanoTime();
      for (User user : users) {
        sink += Fingerprints.of(user, rules).content();
      }
      double fingerprints = (System.nanoTime() - start) / (double) count;
      start = System.nanoTime();
      for (byte[] user : encoded) {
        for (int i = 0; i < 3; i++) {
          sink += sha256.digest(user)[0];
        }
      }
      double sha = (System.nanoTime() - start) / (double) count;
      start = System.nanoTime();
      for (byte[] user : encoded) {
        for (int i = 0; i < 3; i++) {
          sink += xxh64.hash(user, 0, user.length, 0);
        }
      }
      double xx = (System.nanoTime() - start) / (double) count;
      System.out.printf(
          "pass %d: %d users of %.0f Avro bytes on average: Fingerprints.of %.0f ns/user; 3 x SHA-256 over"
              + " the Avro bytes %.0f ns/user; 3 x XXH64 over them %.0f ns/user%n",
          pass, count, (double) bytes / count, fingerprints, sha, xx);
    }
    System.out.println("(checksum " + sink + ")");
  }

  private static List<User> users(int count) throws InterruptedException {
    List<User> users = new ArrayList<>(count);
    try (TrutoSimulator sim = BenchTruto.simulator(7, 1_000);
        TrutoClient client = new TrutoClient(BenchTruto.clientSettings(sim))) {
      sim.addAccount(BenchTruto.generated("gw", "googleworkspace", count));
      client.listUsers(
          IntegratedAccount.newBuilder()
              .setId("gw")
              .setIntegration("googleworkspace")
              .setTenantId(BenchTruto.TENANT)
              .build(),
          item -> {
            if (item instanceof ListedItem.Observed observed) {
              users.add(observed.user());
            }
          });
    }
    return users;
  }

  private static byte[] avro(User user) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(User.class).write(user, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
