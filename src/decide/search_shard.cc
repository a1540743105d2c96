#include "decide/search_shard.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "decide/search_result.h"
#include "util/files.h"

namespace plan {

namespace {

// Appends whole lines and flushes each, so that a killed process loses at most the line it was
// writing (ReadJournal drops a torn last line).
class JournalWriter {
 public:
  ~JournalWriter() {
    if (file_) std::fclose(file_);
  }
  Status Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "ab");
    if (!file_)
      return Status::Runtime(fmt::format("{}: cannot open the journal for appending", path));
    return Status::Ok();
  }
  Status Append(const std::string& line) {
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
      return Status::Runtime(fmt::format("{}: cannot append to the journal", path_));
    return Status::Ok();
  }
  void Close() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

bool Exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

// A complete part file of this very search and shard, if `path` holds one.
Result<std::optional<SearchPart>> ReadFinishedPart(const std::string& path,
                                                   const SearchSpaceInfo& space,
                                                   const ShardSpec& shard, size_t owned) {
  if (!Exists(path)) return std::optional<SearchPart>();
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  Result<SearchPart> part = ReadPart(*text, path);
  if (!part.ok()) return part.status();
  if (part->space.fingerprint != space.fingerprint || !(part->shard == shard) ||
      part->results.size() != owned)
    return Status::Invalid(fmt::format(
        "{}: holds another search or shard (fingerprint {}, shard {}/{}; this run is {}, shard "
        "{}/{}); remove it or write the part elsewhere",
        path, part->space.fingerprint, part->shard.k, part->shard.n, space.fingerprint, shard.k,
        shard.n));
  return std::optional<SearchPart>(std::move(part).value());
}

// Loads what a previous run of this shard finished and leaves the journal ready to append to.
Status ResumeJournal(const std::string& path, const SearchSpaceInfo& space, const ShardSpec& shard,
                     std::map<int64_t, PointResult>* done) {
  std::string keep = JournalHeader(space.fingerprint, shard);
  if (Exists(path)) {
    Result<std::string> text = ReadFile(path);
    if (!text.ok()) return text.status();
    size_t good_bytes = 0;
    Result<std::vector<PointResult>> finished =
        ReadJournal(*text, path, space.fingerprint, shard, &good_bytes);
    if (!finished.ok()) return finished.status();
    for (PointResult& r : *finished)
      if (r.index >= 0 && r.index < static_cast<int64_t>(space.configs.size()) &&
          shard.Owns(r.index))
        (*done)[r.index] = std::move(r);
    if (good_bytes > 0 && good_bytes == text->size()) return Status::Ok();
    if (good_bytes > 0) keep = text->substr(0, good_bytes);  // drop the torn last line
  }
  return WriteFileAtomic(path, keep);
}

}  // namespace

Result<std::vector<PointResult>> RunShard(const SearchSpaceInfo& space,
                                          const ConfigEvaluator& evaluate,
                                          const ShardRunOptions& options) {
  const ShardSpec& shard = options.shard;
  std::vector<int64_t> owned;
  for (int64_t i = 0; i < static_cast<int64_t>(space.configs.size()); ++i)
    if (shard.Owns(i)) owned.push_back(i);

  std::map<int64_t, PointResult> done;
  JournalWriter journal;
  const std::string journal_path = options.part_path + ".journal";
  if (!options.part_path.empty()) {
    Result<std::optional<SearchPart>> finished =
        ReadFinishedPart(options.part_path, space, shard, owned.size());
    if (!finished.ok()) return finished.status();
    if (*finished) return std::move((*finished)->results);
    PLAN_RETURN_IF_ERROR(ResumeJournal(journal_path, space, shard, &done));
    PLAN_RETURN_IF_ERROR(journal.Open(journal_path));
  }

  std::vector<int64_t> pending;
  for (int64_t i : owned)
    if (!done.count(i)) pending.push_back(i);
  if (options.progress) options.progress(static_cast<int64_t>(done.size()), owned.size());

  std::mutex mu;
  Status io_error;
  auto record = [&](int64_t index, Result<CandidateRow> row) {
    PointResult r;
    r.index = index;
    r.ok = row.ok();
    if (row.ok())
      r.row = std::move(row).value();
    else
      r.error = row.status().message();
    std::lock_guard<std::mutex> lock(mu);
    if (!options.part_path.empty() && io_error.ok()) io_error = journal.Append(JournalLine(r));
    done[index] = std::move(r);
    if (options.progress) options.progress(static_cast<int64_t>(done.size()), owned.size());
  };
  // Evaluates `groups` on the pool, journalling each configuration as it finishes: `eval` gets
  // a lone index; a group of twins goes through options.twins (its first runs), then `eval` for
  // each twin it gave no row.
  auto run_groups = [&](const std::vector<std::vector<int64_t>>& groups,
                        const std::function<Result<CandidateRow>(int64_t)>& eval) {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t j = next++; j < groups.size(); j = next++) {
        const std::vector<int64_t>& group = groups[j];
        if (group.size() == 1) {
          record(group[0], eval(group[0]));
          continue;
        }
        std::vector<const SearchConfig*> twins;
        for (size_t t = 1; t < group.size(); ++t) twins.push_back(&space.configs[group[t]]);
        std::vector<std::optional<CandidateRow>> rows;
        record(group[0], options.twins(space.configs[group[0]], twins, &rows));
        for (size_t t = 1; t < group.size(); ++t) {
          if (t - 1 < rows.size() && rows[t - 1])
            record(group[t], std::move(*rows[t - 1]));
          else
            record(group[t], eval(group[t]));
        }
      }
    };
    const size_t threads =
        std::clamp<size_t>(options.threads, 1, std::max<size_t>(1, groups.size()));
    if (threads == 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      for (size_t t = 0; t < threads; ++t) pool.emplace_back(work);
      for (std::thread& th : pool) th.join();
    }
  };
  // Twins (alike but for max_num_seqs) together, in the order of their first. The one with
  // the most seats runs: it usually has the least KV cache (activations take more), so where
  // its run fits a twin's seats, it fits the twin's cache too.
  std::vector<std::vector<int64_t>> groups;
  std::map<std::string, size_t> group_of;
  for (int64_t i : pending) {
    if (!options.twins) {
      groups.push_back({i});
      continue;
    }
    SearchConfig key = space.configs[i];
    key.max_num_seqs = 0;
    auto [it, added] = group_of.try_emplace(key.Name(), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  for (std::vector<int64_t>& g : groups)
    std::stable_sort(g.begin(), g.end(), [&](int64_t a, int64_t b) {
      return space.configs[a].max_num_seqs > space.configs[b].max_num_seqs;
    });
  run_groups(groups, [&](int64_t i) { return evaluate(space.configs[i]); });
  PLAN_RETURN_IF_ERROR(io_error);
  if (options.rerun) {
    // Stopped runs that might be on a Pareto frontier run again to the end (journalled again: a
    // resumed shard keeps the later line), in rounds: the cheapest first, since their whole
    // runs may then rule out the dearer ones.
    for (;;) {
      std::vector<const CandidateRow*> rows;
      for (const auto& [index, r] : done)
        if (r.ok) rows.push_back(&r.row);
      std::vector<int64_t> might;
      for (const auto& [index, r] : done)
        if (r.ok && MightBeOnFrontier(r.row, rows)) might.push_back(index);
      if (might.empty()) break;
      std::vector<int64_t> again;
      for (int64_t s : might) {
        bool wait = false;
        for (int64_t x : might) wait = wait || (x != s && MightRuleOut(done[x].row, done[s].row));
        if (!wait) again.push_back(s);
      }
      // The rows of `again` stay put while they run: run_groups replaces each once it is done.
      std::map<int64_t, CandidateRow> stopped;
      for (int64_t s : again) stopped[s] = done[s].row;
      std::vector<std::vector<int64_t>> alone;
      for (int64_t s : again) alone.push_back({s});
      run_groups(alone, [&](int64_t i) { return options.rerun(space.configs[i], stopped.at(i)); });
      PLAN_RETURN_IF_ERROR(io_error);
    }
  }
  std::vector<PointResult> results;
  for (auto& [index, r] : done) results.push_back(std::move(r));
  if (!options.part_path.empty()) {
    SearchPart part{space, shard, results};
    PLAN_RETURN_IF_ERROR(WriteFileAtomic(options.part_path, RenderPart(part)));
    journal.Close();
    std::remove(journal_path.c_str());
  }
  return results;
}

}  // namespace plan
