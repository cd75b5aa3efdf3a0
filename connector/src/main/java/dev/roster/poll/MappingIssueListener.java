package dev.roster.poll;

import dev.roster.truto.MappingIssue;

/**
 * Told of every repair the mapping made to a user (bad timestamps, oversized remote_data, …), for
 * metrics.
 */
@FunctionalInterface
public interface MappingIssueListener {

  MappingIssueListener NONE = (accountId, integration, kind) -> {};

  void mappingIssue(String accountId, String integration, MappingIssue.Kind kind);
}
