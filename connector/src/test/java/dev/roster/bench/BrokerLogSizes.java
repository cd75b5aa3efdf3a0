package dev.roster.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker holds per topic: bytes in its log segments and the sum of the partitions' log end
 * offsets (records, transaction markers included). Two snapshots give what one round wrote.
 */
record BrokerLogSizes(Map<String, TopicSize> topics) {

  record TopicSize(long bytes, long endOffsets) {
    TopicSize minus(TopicSize earlier) {
      return new TopicSize(bytes - earlier.bytes, endOffsets - earlier.endOffsets);
    }
  }

  static BrokerLogSizes snapshot(Admin admin) throws ExecutionException, InterruptedException {
    var nodes = admin.describeCluster().nodes().get().stream().map(node -> node.id()).toList();
    Map<TopicPartition, Long> bytes = new java.util.HashMap<>();
    for (Map<String, LogDirDescription> dirs :
        admin.describeLogDirs(nodes).allDescriptions().get().values()) {
      for (LogDirDescription dir : dirs.values()) {
        dir.replicaInfos()
            .forEach((partition, info) -> bytes.merge(partition, info.size(), Long::sum));
      }
    }
    Map<TopicPartition, OffsetSpec> latest =
        bytes.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get();
    Map<String, TopicSize> topics = new TreeMap<>();
    bytes.forEach(
        (partition, size) ->
            topics.merge(
                partition.topic(),
                new TopicSize(size, ends.get(partition).offset()),
                (a, b) -> new TopicSize(a.bytes + b.bytes, a.endOffsets + b.endOffsets)));
    return new BrokerLogSizes(topics);
  }

  /** What was written between {@code earlier} and this snapshot, per topic that grew. */
  Map<String, TopicSize> since(BrokerLogSizes earlier) {
    Map<String, TopicSize> grown = new TreeMap<>();
    topics.forEach(
        (topic, size) -> {
          TopicSize delta = size.minus(earlier.topics.getOrDefault(topic, new TopicSize(0, 0)));
          if (delta.bytes != 0 || delta.endOffsets != 0) {
            grown.put(topic, delta);
          }
        });
    return grown;
  }
}
