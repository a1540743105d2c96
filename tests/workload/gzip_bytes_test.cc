// gzip-compressed traces read directly: detected by their magic bytes, inflated by zlib.
#include <catch2/catch.hpp>

#include "read_all.h"
#include "testing/gzip_text.h"
#include "testing/scratch_dir.h"
#include "workload/gzip_bytes.h"

namespace plan {

using test::Gzip;
using test::ScratchDir;
using testing::Arrivals;
using testing::ReadAll;
using testing::TraceSpec;

namespace {

const char* kTrace =
    "arrival_s,input_tokens,output_tokens\n"
    "0,100,10\n"
    "0.5,200,20\n"
    "2.25,300,30\n";

// Hands out one byte per Read, so every buffer boundary is crossed.
class TrickleBytes : public ByteSource {
 public:
  explicit TrickleBytes(std::string text) : text_(std::move(text)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ == text_.size() || n == 0) return size_t{0};
    buf[0] = text_[pos_++];
    return size_t{1};
  }

 private:
  std::string text_;
  size_t pos_ = 0;
};

std::string ReadThrough(std::unique_ptr<ByteSource> raw, size_t chunk, std::string* error) {
  Result<std::unique_ptr<ByteSource>> bytes = MaybeGunzip(std::move(raw));
  REQUIRE(bytes.ok());
  std::string out, buf(chunk, '\0');
  for (;;) {
    Result<size_t> got = (*bytes)->Read(buf.data(), buf.size());
    if (!got.ok()) {
      *error = got.status().message();
      return out;
    }
    if (*got == 0) return out;
    out.append(buf.data(), *got);
  }
}

}  // namespace

TEST_CASE("A gzip trace reads as the same requests as the plain one", "[workload]") {
  ScratchDir dir;
  const auto plain = ReadAll(TraceSpec(dir.Write("t.csv", kTrace)));
  const auto gz = ReadAll(TraceSpec(dir.Write("t.csv.gz", Gzip(kTrace))));
  REQUIRE(plain.error == "");
  REQUIRE(gz.error == "");
  // t=0, t=0.5 s, t=2.25 s.
  CHECK(Arrivals(gz) == std::vector<TimeNs>{0, 500'000'000, 2'250'000'000});
  REQUIRE(gz.requests.size() == 3);
  CHECK(gz.requests[2].input_tokens == 300);
  CHECK(gz.requests[2].output_tokens == 30);
  CHECK(gz.stats.format == plain.stats.format);
  CHECK(gz.stats.rows == 3);
  // The magic bytes decide, not the name.
  CHECK(Arrivals(ReadAll(TraceSpec(dir.Write("packed.csv", Gzip(kTrace))))) == Arrivals(gz));
  CHECK(Arrivals(ReadAll(TraceSpec(dir.Write("plain.gz", kTrace)))) == Arrivals(gz));
}

TEST_CASE("Concatenated gzip members read as one stream, a byte at a time too", "[workload]") {
  const std::string a = "arrival_s,input_tokens,output_tokens\n0,1,1\n";
  const std::string b = "1,2,2\n2,3,3\n";
  std::string error;
  CHECK(ReadThrough(std::make_unique<TrickleBytes>(Gzip(a) + Gzip(b)), 7, &error) == a + b);
  CHECK(error == "");
  CHECK(ReadThrough(StringBytes(Gzip(a) + Gzip(b)), 1 << 16, &error) == a + b);
  CHECK(error == "");
  // Not gzip, and shorter than the magic: passed through untouched.
  CHECK(ReadThrough(StringBytes("x"), 4, &error) == "x");
  CHECK(ReadThrough(StringBytes(""), 4, &error) == "");
  CHECK(error == "");
}

TEST_CASE("A truncated or corrupt gzip trace is a bad-input error", "[workload]") {
  ScratchDir dir;
  const std::string whole = Gzip(kTrace);
  const std::string cut = dir.Write("cut.csv.gz", whole.substr(0, whole.size() - 6));
  CHECK(ReadAll(TraceSpec(cut)).error == cut + ": the gzip stream is truncated");
  std::string bad = whole;
  bad[10] = static_cast<char>(0xff);  // the first deflate block header: a reserved type
  const std::string corrupt = dir.Write("bad.csv.gz", bad);
  CHECK(ReadAll(TraceSpec(corrupt)).error == corrupt + ": not valid gzip data: invalid block type");
  Result<std::unique_ptr<RequestSource>> source = OpenWorkload(TraceSpec(corrupt), 0, 0);
  CHECK(source.status().code() == StatusCode::kInvalidInput);
}

}  // namespace plan
