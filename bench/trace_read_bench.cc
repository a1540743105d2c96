// trace_read_bench [source_dir=.] [runs=5]: rows per second of the streaming trace readers.
//
// Reads the shipped Azure conv and Mooncake traces, then three generated 1M-row files (generic
// CSV, Azure-format CSV with date-time stamps, Mooncake-format JSONL with 20 hash ids a row),
// each through OpenWorkload to the last request. For JSONL it also times nlohmann::json::parse
// per row on the same file, the alternative the hand-written FlatJson replaced. Prints the
// median over runs.
#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workload/workload.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kGeneratedRows = 1'000'000;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Seconds to read every request of `path`; exits on an error.
double TimeRead(const std::string& path, int64_t* rows) {
  plan::WorkloadSpec spec;
  spec.trace_path = path;
  auto start = Clock::now();
  auto source = plan::OpenWorkload(spec, 0, 0);
  if (!source.ok()) {
    fmt::print(stderr, "{}\n", source.status().message());
    std::exit(1);
  }
  plan::Request r;
  int64_t n = 0;
  int64_t checksum = 0;
  while ((*source)->Next(&r)) {
    ++n;
    checksum += r.input_tokens;
  }
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (!(*source)->status().ok() || checksum == 0) {
    fmt::print(stderr, "{}\n", (*source)->status().message());
    std::exit(1);
  }
  *rows = n;
  return s;
}

// Seconds to parse every line of a JSONL file with nlohmann and pull out the Mooncake fields.
double TimeNlohmann(const std::string& path, int64_t* rows) {
  auto start = Clock::now();
  std::ifstream in(path);
  std::string line;
  std::vector<uint64_t> hashes;
  int64_t n = 0, checksum = 0;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    checksum += j["timestamp"].get<int64_t>() + j["input_length"].get<int64_t>() +
                j["output_length"].get<int64_t>();
    hashes.clear();
    for (const auto& h : j["hash_ids"]) hashes.push_back(h.get<uint64_t>());
    ++n;
  }
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (checksum == 0) std::exit(1);
  *rows = n;
  return s;
}

void Report(const std::string& name, const std::string& path, int runs, bool nlohmann = false) {
  std::vector<double> times;
  int64_t rows = 0;
  for (int i = 0; i < runs; ++i)
    times.push_back(nlohmann ? TimeNlohmann(path, &rows) : TimeRead(path, &rows));
  double s = Median(times);
  double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  fmt::print("{:<44} {:>9} rows  {:>8.2f} ms  {:>6.2f} M rows/s  {:>7.1f} MB/s\n", name, rows,
             s * 1e3, static_cast<double>(rows) / s / 1e6, mb / s);
}

void WriteGenerated(const std::string& dir) {
  // Generic CSV from the generator itself.
  plan::WorkloadSpec spec;
  spec.generator.arrival = plan::ArrivalKind::kPoisson;
  spec.generator.rate_per_s = 100;
  spec.generator.requests = kGeneratedRows;
  spec.generator.input_tokens.kind = plan::LengthKind::kLogNormal;
  spec.generator.input_tokens.median = 1000;
  spec.generator.input_tokens.sigma = 0.8;
  spec.generator.output_tokens.kind = plan::LengthKind::kLogNormal;
  spec.generator.output_tokens.median = 200;
  spec.generator.output_tokens.sigma = 0.6;
  auto source = plan::OpenWorkload(spec, 1, 0);
  if (!source.ok() || !plan::WriteTrace(**source, plan::TraceOutput::kCsv, dir + "/gen.csv").ok())
    std::exit(1);

  // The same stream as Azure week-file rows and as Mooncake rows.
  auto again = plan::OpenWorkload(spec, 1, 0);
  std::string azure = "TIMESTAMP,ContextTokens,GeneratedTokens\r\n", mooncake;
  plan::Request r;
  while ((*again)->Next(&r)) {
    int64_t s = r.arrival_ns / plan::kNsPerS, frac_100ns = r.arrival_ns % plan::kNsPerS / 100;
    azure += fmt::format("2024-05-{:02d} {:02d}:{:02d}:{:02d}.{:07d},{},{}\r\n", 10 + s / 86400,
                         s / 3600 % 24, s / 60 % 60, s % 60, frac_100ns, r.input_tokens,
                         r.output_tokens);
    mooncake += fmt::format(
        "{{\"timestamp\": {}, \"input_length\": {}, \"output_length\": {}, \"hash_ids\": [",
        r.arrival_ns / 1'000'000, r.input_tokens, r.output_tokens);
    for (int i = 0; i < 20; ++i) mooncake += fmt::format("{}{}", i ? ", " : "", r.id * 20 + i);
    mooncake += "]}\n";
  }
  std::ofstream(dir + "/azure_1m.csv", std::ios::binary) << azure;
  std::ofstream(dir + "/mooncake_1m.jsonl", std::ios::binary) << mooncake;
}

}  // namespace

int main(int argc, char** argv) {
  std::string root = argc > 1 ? argv[1] : ".";
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  std::string tmpl = (std::filesystem::temp_directory_path() / "plan-trace-bench-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return 1;
  const std::string dir = tmpl;

  Report("azure_conv_2023.csv (19,366 rows)", root + "/traces/azure_conv_2023.csv", runs);
  Report("mooncake_conversation.jsonl (12,031 rows)", root + "/traces/mooncake_conversation.jsonl",
         runs);
  Report("  same, nlohmann::json::parse per row", root + "/traces/mooncake_conversation.jsonl",
         runs, true);
  WriteGenerated(dir);
  Report("generated generic CSV (1M rows)", dir + "/gen.csv", runs);
  Report("generated Azure-format CSV (1M rows)", dir + "/azure_1m.csv", runs);
  Report("generated Mooncake-format JSONL (1M rows)", dir + "/mooncake_1m.jsonl", runs);
  Report("  same, nlohmann::json::parse per row", dir + "/mooncake_1m.jsonl", runs, true);
  std::filesystem::remove_all(dir);
  return 0;
}
