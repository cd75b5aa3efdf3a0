package dev.roster.truto;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson setup every Truto body is read with: Jackson's own parsing limits set for what
 * Truto sends (docs/architecture.md#truto-pagination), so that a hostile body fails its parse
 * instead of costing memory or time out of proportion. What the trees built from a body may take is
 * bounded separately, per body ({@link TreeBudget}).
 */
final class BoundedJson {

  /**
   * Deeper than any vendor's user object (Salesforce's nest about ten levels); Jackson's default is
   * 500.
   */
  static final int MAX_NESTING_DEPTH = 100;

  /**
   * 4 M chars: more than any field Roster keeps (64 K chars, MappingSettings) by far, so a long
   * field is cut and reported, not a failed poll; a longer one is no user's.
   */
  static final int MAX_STRING_CHARS = 4 << 20;

  /** 64 K chars for a field name: vendors' keys are words. */
  static final int MAX_NAME_CHARS = 64 << 10;

  /**
   * 4 M tokens in one body: a page of 100 users with 64 KiB of remote_data each has about one
   * million.
   */
  static final long MAX_TOKENS = 4L << 20;

  static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_STRING_CHARS)
          .maxNameLength(MAX_NAME_CHARS)
          .maxTokenCount(MAX_TOKENS)
          .build();

  static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  private BoundedJson() {}
}
