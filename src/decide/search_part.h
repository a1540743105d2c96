// A shard of a configuration search and its files. Every shard enumerates the same space; shard
// K of N simulates the configurations whose index i (in enumeration order, pruned ones left out)
// has i % N == K - 1. A finished shard is one part file (JSON, written atomically); while it
// runs, each finished configuration is appended to a journal beside it (PART.journal, JSON
// Lines, flushed per line) so that a killed shard restarts where it stopped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "report/search_report.h"

namespace plan {

inline constexpr const char* kSearchPartSchema = "plan.search-part/v1";
inline constexpr const char* kSearchJournalSchema = "plan.search-journal/v1";

struct ShardSpec {
  int32_t k = 1;  // 1-based
  int32_t n = 1;
  bool Owns(int64_t index) const { return index % n == k - 1; }
  bool operator==(const ShardSpec&) const = default;
};

// "K/N" with 1 <= K <= N; errors name the flag: "--shard '3/2': K must be between 1 and N (2)".
Result<ShardSpec> ParseShard(const std::string& text);

// Everything a report needs besides the results: the same in every shard of one search.
struct SearchSpaceInfo {
  std::string scenario;
  uint64_t seed = 0;
  SloSpec slo;
  std::string model;
  std::string pricing;
  int64_t space_size = 0;
  std::vector<SearchConfig> configs;  // the configurations to simulate, by index
  std::vector<PrunedConfig> pruned;
  // Identifies the search: a hash of the plan version, the scenario file, the catalog and
  // the space. Parts and journals of different searches never mix.
  std::string fingerprint;

  bool operator==(const SearchSpaceInfo&) const = default;
};

// One simulated configuration: its row, or the error that stopped its simulation.
struct PointResult {
  int64_t index = 0;
  bool ok = true;
  CandidateRow row;
  std::string error;

  bool operator==(const PointResult&) const = default;
};

struct SearchPart {
  SearchSpaceInfo space;
  ShardSpec shard;
  std::vector<PointResult> results;  // ascending index: every index the shard owns
};

// The 16-hex-digit FNV-1a hash of `parts` joined, then of the space's configurations and pruned
// list (so two differently pruned spaces never share a fingerprint).
std::string SearchFingerprint(const std::vector<std::string>& parts, const SearchSpaceInfo& space);

std::string RenderPart(const SearchPart& part);
// Errors as "path: /json/pointer: message".
Result<SearchPart> ReadPart(const std::string& text, const std::string& path);

// The journal's first line, and one line per finished configuration (each ending in '\n').
std::string JournalHeader(const std::string& fingerprint, const ShardSpec& shard);
std::string JournalLine(const PointResult& result);

// The journal's finished configurations. A last line without its '\n' (the process died while
// writing it) is dropped and *good_bytes stops before it; *good_bytes == 0 means not even the
// header survived (start afresh). Any other bad line is an error, as is a header for another
// search or shard.
Result<std::vector<PointResult>> ReadJournal(const std::string& text, const std::string& path,
                                             const std::string& fingerprint, const ShardSpec& shard,
                                             size_t* good_bytes);

}  // namespace plan
