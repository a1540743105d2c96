#include "report/labelled_runs.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "report/writers.h"

namespace plan {

std::vector<std::string> RunLabels(const std::vector<std::string>& paths) {
  std::vector<std::string> labels;
  for (const std::string& p : paths) {
    std::string name =
        p.substr(p.find_last_of('/') == std::string::npos ? 0 : p.find_last_of('/') + 1);
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
      name.resize(name.size() - 5);
    labels.push_back(name.empty() ? p : name);
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (std::count(labels.begin(), labels.end(), labels[i]) > 1) {
      // Keep every clashing one apart by its path.
      const std::string clash = labels[i];
      for (size_t j = 0; j < labels.size(); ++j)
        if (labels[j] == clash) labels[j] = paths[j];
    }
  }
  return labels;
}

Result<Report> LabelRuns(const std::vector<std::pair<std::string, const Report*>>& runs) {
  Report out;
  if (runs.empty()) return out;
  out.slo = runs.front().second->slo;
  out.seed = runs.front().second->seed;
  std::vector<std::string> scenarios;
  for (const auto& [label, run] : runs) {
    if (!(run->slo == out.slo))
      return Status::Invalid(fmt::format(
          "{}: its SLO ({}) is not {}'s ({}); runs shown together must share one SLO", label,
          SloDescription(run->slo), runs.front().first, SloDescription(out.slo)));
    scenarios.push_back(fmt::format("{} ({})", label, run->scenario));
    for (CandidateRow row : run->candidates) {
      row.name = label + ": " + row.name;
      out.candidates.push_back(std::move(row));
    }
  }
  out.scenario = fmt::format("{}", fmt::join(scenarios, " vs "));
  out.warnings.push_back(fmt::format(
      "{} runs side by side, each candidate with its own run's figures; they priced their own "
      "workloads, so nothing is recommended across them",
      runs.size()));
  for (const auto& [label, run] : runs) {
    if (!run->recommendation.empty())
      out.warnings.push_back(fmt::format("{}: {} was recommended", label, run->recommendation));
    for (const std::string& w : run->warnings)
      out.warnings.push_back(fmt::format("{}: {}", label, w));
  }
  return out;
}

}  // namespace plan
