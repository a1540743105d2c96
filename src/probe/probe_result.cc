#include "probe/probe_result.h"

#include <algorithm>
#include <cmath>

namespace plan {

Distribution Summarize(std::vector<double> samples) {
  Distribution d;
  if (samples.empty()) return d;
  std::sort(samples.begin(), samples.end());
  d.count = static_cast<int64_t>(samples.size());
  double sum = 0;
  for (double v : samples) sum += v;
  d.mean = sum / static_cast<double>(samples.size());
  auto at = [&](double q) {
    return samples[static_cast<size_t>(std::floor(q * static_cast<double>(samples.size() - 1)))];
  };
  d.p50 = at(0.50);
  d.p90 = at(0.90);
  d.p99 = at(0.99);
  d.max = samples.back();
  return d;
}

void SummarizeLevel(const std::vector<ProbeRow>& rows, int level_index, double wall_s,
                    LevelSummary* level) {
  std::vector<double> ttft, tpot, e2e, itl;
  double input = 0, output = 0;
  level->requests = level->ok = level->failed = level->retries = level->malformed_lines = 0;
  for (const ProbeRow& r : rows) {
    if (r.level != level_index) continue;
    ++level->requests;
    level->retries += r.retries;
    level->malformed_lines += r.malformed_lines;
    if (!r.ok) {
      ++level->failed;
      continue;
    }
    ++level->ok;
    input += static_cast<double>(r.input_tokens);
    output += static_cast<double>(r.output_tokens);
    ttft.push_back(r.ttft_s);
    e2e.push_back(r.e2e_s);
    if (r.output_tokens > 1) tpot.push_back(r.tpot_s);
    itl.insert(itl.end(), r.itl_s.begin(), r.itl_s.end());
  }
  level->wall_s = wall_s;
  level->requests_per_s = wall_s > 0 ? static_cast<double>(level->ok) / wall_s : 0;
  level->output_tokens_per_s = wall_s > 0 ? output / wall_s : 0;
  level->mean_input_tokens = level->ok ? input / static_cast<double>(level->ok) : 0;
  level->mean_output_tokens = level->ok ? output / static_cast<double>(level->ok) : 0;
  level->ttft_s = Summarize(std::move(ttft));
  level->tpot_s = Summarize(std::move(tpot));
  level->e2e_s = Summarize(std::move(e2e));
  level->itl_s = Summarize(std::move(itl));
}

}  // namespace plan
