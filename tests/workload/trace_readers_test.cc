#include <catch2/catch.hpp>

#include "read_all.h"
#include "testing/scratch_dir.h"
#include "workload/field_parse.h"
#include "workload/trace_source.h"

namespace plan {

using test::ScratchDir;
using testing::Arrivals;
using testing::ReadAll;
using testing::TraceSpec;

namespace {

const char* kAzure =
    "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
    "2023-11-16 18:15:46.6805900,374,44\r\n"
    "2023-11-16 18:15:50.9951690,396,109\r\n"
    "2023-11-16 18:16:46.6805900,20000,5000";  // CRLF and no final newline, as published

}  // namespace

TEST_CASE("Azure CSV: arrivals relative to the first row, exact to the nanosecond", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.Write("azure.csv", kAzure)));
  REQUIRE(r.error == "");
  REQUIRE(r.requests.size() == 3);
  // t=0; t=50.9951690-46.6805900 = 4.314579 s; t=60 s.
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 4'314'579'000, 60'000'000'000});
  CHECK(r.requests[1].input_tokens == 396);
  CHECK(r.requests[1].output_tokens == 109);
  CHECK(r.requests[2].id == 2);
  CHECK(r.requests[0].prefix_hashes.empty());
  CHECK(r.requests[0].session == 0);
  CHECK(r.requests[0].region == -1);
  CHECK(r.stats.format == "azure");
  CHECK(r.stats.rows == 3);
}

TEST_CASE("Azure multimodal 2025 CSV is read by its column names", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.Write("mm.csv",
                                       "TIMESTAMP,NumImages,ContextTokens,GeneratedTokens\n"
                                       "2025-03-01 00:00:00.5,2,1500,20\n"
                                       "2025-03-01 00:00:01.25,0,800,35\n")));
  REQUIRE(r.error == "");
  CHECK(r.stats.format == "azure");
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 750'000'000});  // 1.25 - 0.5 s
  CHECK(r.requests[0].input_tokens == 1500);
  CHECK(r.requests[1].output_tokens == 35);
}

TEST_CASE("Vidur processed CSV: arrived_at in seconds", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.Write("v.csv",
                                       "arrived_at,num_prefill_tokens,num_decode_tokens\n"
                                       "0.0,374,44\n4.314579,396,109\n")));
  REQUIRE(r.error == "");
  CHECK(r.stats.format == "vidur");
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 4'314'579'000});
  CHECK(r.requests[0].input_tokens == 374);
  CHECK(r.requests[0].output_tokens == 44);
}

TEST_CASE("Mooncake JSONL: ms timestamps and 512-token prefix hashes", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.Write("m.jsonl",
                                       "{\"timestamp\": 0, \"input_length\": 6758, "
                                       "\"output_length\": 500, \"hash_ids\": [0, 1, 2]}\n"
                                       "{\"timestamp\": 1500, \"input_length\": 1200, "
                                       "\"output_length\": 3, \"hash_ids\": [0, 3]}\n")));
  REQUIRE(r.error == "");
  CHECK(r.stats.format == "mooncake");
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 1'500'000'000});
  CHECK(r.requests[0].prefix_hashes == std::vector<uint64_t>{0, 1, 2});
  CHECK(r.requests[0].prefix_block_tokens == 512);
  CHECK(r.requests[1].prefix_hashes == std::vector<uint64_t>{0, 3});
  CHECK(r.requests[1].input_tokens == 1200);
  CHECK(r.requests[1].output_tokens == 3);
}

TEST_CASE("BurstGPT: failed rows (0 response tokens) are skipped and counted", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(
      TraceSpec(dir.Write("b.csv",
                          "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
                          "5,ChatGPT,472,18,490,Conversation log\n"
                          "45,ChatGPT,1087,0,1087,Conversation log\n"
                          "118,GPT-4,417,276,693,API log\n")));
  REQUIRE(r.error == "");
  CHECK(r.stats.format == "burstgpt");
  // Times are relative to the first row: 5 s -> 0, 118 s -> 113 s.
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 113'000'000'000});
  CHECK(r.requests[1].id == 1);
  CHECK(r.requests[1].input_tokens == 417);
  CHECK(r.stats.rows == 3);
  CHECK(r.stats.skipped_failed == 1);
}

TEST_CASE("BurstGPT with Session ID: equal ids share a session", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.Write("b3.csv",
                                       "Timestamp,Session ID,Elapsed time,Model,Request "
                                       "tokens,Response tokens,Total tokens,Log Type\n"
                                       "10.5,a1b2-c3,0.9,ChatGPT,100,20,120,Conversation log\n"
                                       "11.0,ffee-00,1.1,ChatGPT,200,30,230,Conversation log\n"
                                       "12.25,a1b2-c3,2.0,ChatGPT,300,40,340,Conversation log\n")));
  REQUIRE(r.error == "");
  REQUIRE(r.requests.size() == 3);
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 500'000'000, 1'750'000'000});
  CHECK(r.requests[0].session != 0);
  CHECK(r.requests[0].session == r.requests[2].session);
  CHECK(r.requests[0].session != r.requests[1].session);
  CHECK(r.requests[2].input_tokens == 300);
}

TEST_CASE("Generic CSV with named columns, units and optional fields", "[workload]") {
  ScratchDir dir;
  WorkloadSpec spec = TraceSpec(dir.Write("g.csv",
                                          "t_ms,prompt,completion,r,cls,user\n"
                                          "100,10,5,2,1,u1\n"
                                          "100.5,20,6,,0,u2\n"));
  spec.has_columns = true;
  spec.columns.time = "t_ms";
  spec.columns.time_unit = "ms";
  spec.columns.input = "prompt";
  spec.columns.output = "completion";
  spec.columns.region = "r";
  spec.columns.label = "cls";
  spec.columns.session = "user";
  auto r = ReadAll(spec);
  REQUIRE(r.error == "");
  CHECK(r.stats.format == "csv");
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 500'000});  // 0.5 ms
  CHECK(r.requests[0].region == 2);
  CHECK(r.requests[0].label == 1);
  CHECK(r.requests[1].region == -1);  // empty field: none
  CHECK(r.requests[1].label == 0);
  CHECK(r.requests[0].session != r.requests[1].session);
}

TEST_CASE("Generic CSV and JSONL with the default names are detected", "[workload]") {
  ScratchDir dir;
  auto csv = ReadAll(TraceSpec(dir.Write("d.csv",
                                         "arrival_s,input_tokens,output_tokens,session\n"
                                         "2.5,10,5,7\n3,11,6,7\n")));
  REQUIRE(csv.error == "");
  CHECK(csv.stats.format == "csv");
  CHECK(Arrivals(csv) == std::vector<TimeNs>{0, 500'000'000});
  CHECK(csv.requests[1].session == 7);
  auto jsonl =
      ReadAll(TraceSpec(dir.Write("d.jsonl",
                                  "{\"arrival_s\": 0.25, \"input_tokens\": 10, \"output_tokens\": "
                                  "5, \"session\": \"abc\", \"extra\": [1, {\"x\": 2}]}\n"
                                  "\n"
                                  "{\"output_tokens\": 6, \"arrival_s\": 1, \"input_tokens\": 11, "
                                  "\"label\": 3, \"hash_ids\": [9]}\n")));
  REQUIRE(jsonl.error == "");
  CHECK(jsonl.stats.format == "jsonl");
  CHECK(Arrivals(jsonl) == std::vector<TimeNs>{0, 750'000'000});
  CHECK(jsonl.requests[0].session == SessionIdOf("abc"));
  CHECK(jsonl.requests[1].label == 3);
  CHECK(jsonl.requests[1].prefix_hashes == std::vector<uint64_t>{9});
  CHECK(jsonl.requests[1].prefix_block_tokens == 512);
}

TEST_CASE("generic JSONL takes date-time strings when time_unit is datetime", "[workload]") {
  ScratchDir dir;
  WorkloadSpec spec =
      TraceSpec(dir.Write("dt.jsonl",
                          "{\"at\": \"2024-05-10 00:00:00+00:00\", \"i\": 5, \"o\": 6}\n"
                          "{\"at\": \"2024-05-10T00:00:02.5Z\", \"i\": 7, \"o\": 8}\n"));
  spec.has_columns = true;
  spec.columns.time = "at";
  spec.columns.time_unit = "datetime";
  spec.columns.input = "i";
  spec.columns.output = "o";
  auto r = ReadAll(spec);
  REQUIRE(r.error == "");
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 2'500'000'000});
  CHECK(r.requests[1].input_tokens == 7);
}

TEST_CASE("rate_scale divides arrival times, max_requests cuts the trace", "[workload]") {
  ScratchDir dir;
  WorkloadSpec spec = TraceSpec(dir.Write("azure.csv", kAzure));
  spec.rate_scale = 2.0;
  spec.max_requests = 2;
  auto r = ReadAll(spec);
  REQUIRE(r.error == "");
  CHECK(Arrivals(r) == std::vector<TimeNs>{0, 2'157'289'500});  // 4314579000 / 2
  spec.rate_scale = 3.0;
  spec.max_requests = 0;
  // 4314579000 / 3 = 1438193000; 60e9 / 3 = 20e9.
  CHECK(Arrivals(ReadAll(spec)) == std::vector<TimeNs>{0, 1'438'193'000, 20'000'000'000});
}

TEST_CASE("max_total_tokens clips output first, then input, and counts clipped requests",
          "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.Write("azure.csv", kAzure)), 0, 400);
  REQUIRE(r.error == "");
  // 374+44 = 418 > 400: output 400-374 = 26. 396+109: output 4. 20000+5000: output 1, input 399.
  CHECK(r.requests[0].input_tokens == 374);
  CHECK(r.requests[0].output_tokens == 26);
  CHECK(r.requests[1].input_tokens == 396);
  CHECK(r.requests[1].output_tokens == 4);
  CHECK(r.requests[2].input_tokens == 399);
  CHECK(r.requests[2].output_tokens == 1);
  CHECK(r.stats.clipped == 3);
  auto unclipped = ReadAll(TraceSpec(dir.Write("azure.csv", kAzure)), 0, 25000);
  CHECK(unclipped.stats.clipped == 0);
  CHECK(unclipped.requests[2].output_tokens == 5000);
}

TEST_CASE("zero token counts are raised to 1 and counted", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.Write("v.csv",
                                       "arrived_at,num_prefill_tokens,num_decode_tokens\n"
                                       "0,0,5\n1,7,0\n2,8,9\n")));
  REQUIRE(r.error == "");
  CHECK(r.requests[0].input_tokens == 1);
  CHECK(r.requests[1].output_tokens == 1);
  CHECK(r.stats.raised_zero == 2);
}

TEST_CASE("a bad number is reported as path:line:col with the line and a caret", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("bad.csv",
                               "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
                               "2023-11-16 18:15:46.6805900,374,44\r\n"
                               "2023-11-16 18:15:50.9951690,39x6,109\r\n");
  CHECK(ReadAll(TraceSpec(path)).error ==
        path +
            ":3:29: bad ContextTokens '39x6': expected a whole number of tokens\n"
            "  2023-11-16 18:15:50.9951690,39x6,109\n"
            "                              ^");
  std::string time = dir.Write("t.csv",
                               "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                               "2023-11-16 25:00:00,1,1\n");
  CHECK(ReadAll(TraceSpec(time)).error ==
        time +
            ":2:1: bad TIMESTAMP '2023-11-16 25:00:00': expected a date-time like 2023-11-16 "
            "18:17:03.9799600\n  2023-11-16 25:00:00,1,1\n  ^");
}

TEST_CASE("a row earlier than the one before is an error with both lines", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("order.csv",
                               "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                               "2023-11-16 18:15:46.6805900,374,44\n"
                               "2023-11-16 18:15:40.9951690,396,109\n");
  CHECK(
      ReadAll(TraceSpec(path)).error ==
      path +
          ":3:1: time '2023-11-16 18:15:40.9951690' is earlier than '2023-11-16 18:15:46.6805900' "
          "on line 2; rows must be in time order\n"
          "  2023-11-16 18:15:40.9951690,396,109\n"
          "  ^");
  std::string jsonl = dir.Write("order.jsonl",
                                "{\"timestamp\": 10, \"input_length\": 1, \"output_length\": 1}\n"
                                "{\"timestamp\": 9, \"input_length\": 1, \"output_length\": 1}\n");
  CHECK(ReadAll(TraceSpec(jsonl)).error ==
        jsonl +
            ":2:15: time '9' is earlier than '10' on line 1; rows must be in time order\n"
            "  {\"timestamp\": 9, \"input_length\": 1, \"output_length\": 1}\n"
            "                ^");
}

TEST_CASE("a missing generic column suggests the nearest header name", "[workload]") {
  ScratchDir dir;
  WorkloadSpec spec =
      TraceSpec(dir.Write("g.csv", "arrival_s,input_tokens,output_tokens\n0,1,1\n"));
  spec.has_columns = true;
  spec.columns.time = "arrival_sec";
  CHECK(ReadAll(spec).error ==
        spec.trace_path +
            ":1:1: unknown time column 'arrival_sec'; did you mean 'arrival_s'?\n"
            "  arrival_s,input_tokens,output_tokens\n"
            "  ^");
  std::string unknown = dir.Write("u.csv", "when,prompt,answer\n0,1,1\n");
  CHECK(ReadAll(TraceSpec(unknown)).error ==
        unknown +
            ":1:1: cannot detect the trace format from its header (name it with format = ... "
            "and columns = {...}); as a generic CSV: unknown time column 'arrival_s' (known: "
            "answer, prompt, when); unknown input column 'input_tokens' (known: answer, prompt, "
            "when); unknown output column 'output_tokens' (known: answer, prompt, when)\n"
            "  when,prompt,answer\n"
            "  ^");
  std::string jsonl =
      dir.Write("k.jsonl", "{\"arrival\": 0, \"input_tokens\": 1, \"output_tokens\": 1}\n");
  WorkloadSpec named = TraceSpec(jsonl, "jsonl");
  CHECK(ReadAll(named).error ==
        jsonl +
            ":1:1: unknown time key 'arrival_s'; did you mean 'arrival'?\n"
            "  {\"arrival\": 0, \"input_tokens\": 1, \"output_tokens\": 1}\n"
            "  ^");
}

TEST_CASE("a named format that does not match the file says so", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("azure.csv", kAzure);
  CHECK(ReadAll(TraceSpec(path, "mooncake")).error ==
        path +
            ":1:1: format 'mooncake' expects one JSON object per line\n"
            "  TIMESTAMP,ContextTokens,GeneratedTokens\n"
            "  ^");
  CHECK(ReadAll(TraceSpec(path, "vidur")).error ==
        path +
            ":1:1: unknown time column 'arrived_at' (known: ContextTokens, GeneratedTokens, "
            "TIMESTAMP); unknown input column 'num_prefill_tokens' (known: ContextTokens, "
            "GeneratedTokens, TIMESTAMP); unknown output column 'num_decode_tokens' (known: "
            "ContextTokens, "
            "GeneratedTokens, TIMESTAMP)\n"
            "  TIMESTAMP,ContextTokens,GeneratedTokens\n"
            "  ^");
}

TEST_CASE("row shape errors: field count, JSON syntax, missing key", "[workload]") {
  ScratchDir dir;
  std::string csv = dir.Write("f.csv", "arrived_at,num_prefill_tokens,num_decode_tokens\n0,1\n");
  CHECK(ReadAll(TraceSpec(csv)).error ==
        csv + ":2:1: expected 3 fields as in the header, found 2\n  0,1\n  ^");
  std::string json = dir.Write("j.jsonl",
                               "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1}\n"
                               "{\"timestamp\": 1, \"input_length\": 1 \"output_length\": 1}\n"
                               "{\"timestamp\": 2, \"input_length\": 1}\n");
  CHECK(ReadAll(TraceSpec(json)).error ==
        json +
            ":2:36: expected ',' or '}' after the value\n"
            "  {\"timestamp\": 1, \"input_length\": 1 \"output_length\": 1}\n"
            "                                     ^");
  std::string missing = dir.Write("m.jsonl",
                                  "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1}\n"
                                  "{\"timestamp\": 2, \"input_length\": 1}\n");
  CHECK(ReadAll(TraceSpec(missing)).error ==
        missing +
            ":2:1: missing key 'output_length'\n  {\"timestamp\": 2, \"input_length\": 1}\n  ^");
}

TEST_CASE("unreadable, empty and truncated gzip traces are input errors", "[workload]") {
  ScratchDir dir;
  WorkloadSpec spec = TraceSpec(dir.path() + "/missing.csv");
  spec.trace_loc = {"s.toml", 4, 9};
  CHECK(ReadAll(spec).error == "s.toml:4:9: cannot read trace '" + dir.path() +
                                   "/missing.csv': No such file or directory");
  spec.trace_loc = {};
  CHECK(ReadAll(spec).error ==
        dir.path() + "/missing.csv: cannot read trace: No such file or directory");
  std::string empty = dir.Write("empty.csv", "\n  \n");
  CHECK(ReadAll(TraceSpec(empty)).error == empty + ": the trace is empty");
  std::string gz = dir.Write("t.csv.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
  // A gzip header and nothing after it: gzip traces are read directly now (gzip_bytes_test.cc),
  // so only a broken one is an error.
  CHECK(ReadAll(TraceSpec(gz)).error == gz + ": the gzip stream is truncated");
  Result<std::unique_ptr<RequestSource>> bad = OpenWorkload(TraceSpec(empty), 0, 1);
  CHECK(bad.status().message() == "max_total_tokens must be 0 (no limit) or at least 2, not 1");
}

namespace {

// Hands out a few bytes per read, so that lines straddle every read boundary.
class TrickleBytes : public ByteSource {
 public:
  TrickleBytes(std::string text, size_t step) : text_(std::move(text)), step_(step) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t take = std::min({n, step_, text_.size() - pos_});
    std::copy_n(text_.data() + pos_, take, buf);
    pos_ += take;
    return take;
  }

 private:
  std::string text_;
  size_t step_;
  size_t pos_ = 0;
};

}  // namespace

TEST_CASE("the line reader streams across read boundaries and grows for long lines", "[workload]") {
  for (size_t step : {1, 3, 7, 4096}) {
    INFO(step);
    LineReader reader(std::make_unique<TrickleBytes>("\xEF\xBB\xBFh1\r\n\nline three\nlast", step),
                      "x");
    std::vector<std::string> lines;
    std::string_view line;
    while (reader.Next(&line)) lines.emplace_back(line);
    CHECK(lines == std::vector<std::string>{"h1", "", "line three", "last"});
    CHECK(reader.line_number() == 4);
  }
  // A 3 MiB row (longer than the 1 MiB read buffer) between two short ones.
  std::string ids;
  for (int i = 0; i < 400000; ++i) ids += (i ? ", " : "") + std::to_string(i);
  std::string text =
      "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1}\n"
      "{\"timestamp\": 1, \"input_length\": 2, \"output_length\": 2, \"hash_ids\": [" +
      ids +
      "]}\n"
      "{\"timestamp\": 2, \"input_length\": 3, \"output_length\": 3}\n";
  TraceOpenOptions opt;
  opt.path = "long.jsonl";
  auto trace = OpenTrace(opt, std::make_unique<TrickleBytes>(text, 1 << 16));
  REQUIRE(trace.ok());
  Request r;
  std::vector<size_t> hashes;
  while ((*trace)->Next(&r)) hashes.push_back(r.prefix_hashes.size());
  CHECK((*trace)->status().ok());
  CHECK(hashes == std::vector<size_t>{0, 400000, 0});
}

}  // namespace plan
