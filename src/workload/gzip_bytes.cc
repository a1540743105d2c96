#include "workload/gzip_bytes.h"

#include <fmt/format.h>
#include <zlib.h>
#include <cstring>
#include <istream>
#include <string>
#include <vector>

namespace plan {

namespace {

// Compressed bytes read from the file per refill; the inflated side is the caller's buffer.
constexpr size_t kCompressedChunkBytes = 256 << 10;
// 15 window bits plus 16: a gzip header and trailer, not zlib's.
constexpr int kGzipWindowBits = 15 + 16;

// The bytes already read to look for the magic, then the rest of the source.
class PeekedBytes : public ByteSource {
 public:
  PeekedBytes(std::string head, std::unique_ptr<ByteSource> rest)
      : head_(std::move(head)), rest_(std::move(rest)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ < head_.size()) {
      size_t take = std::min(n, head_.size() - pos_);
      std::memcpy(buf, head_.data() + pos_, take);
      pos_ += take;
      return take;
    }
    return rest_->Read(buf, n);
  }

 private:
  std::string head_;
  size_t pos_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

class GzipBytes : public ByteSource {
 public:
  explicit GzipBytes(std::unique_ptr<ByteSource> raw)
      : raw_(std::move(raw)), in_(kCompressedChunkBytes) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = inflateInit2(&z_, kGzipWindowBits) == Z_OK;
  }
  ~GzipBytes() override { inflateEnd(&z_); }

  Result<size_t> Read(char* buf, size_t n) override {
    if (!ok_) return Status::Runtime("gzip: cannot start zlib's inflate");
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    const uInt wanted = z_.avail_out;
    while (z_.avail_out == wanted) {
      if (z_.avail_in == 0 && !raw_eof_) {
        Result<size_t> got = raw_->Read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (!got.ok()) return got.status();
        raw_eof_ = *got == 0;
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(*got);
      }
      if (z_.avail_in == 0 && raw_eof_) {
        if (member_done_) return size_t{0};
        return Status::Invalid("the gzip stream is truncated");
      }
      member_done_ = false;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
        inflateReset(&z_);  // another member may follow
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Status::Invalid(
            fmt::format("not valid gzip data: {}", z_.msg ? z_.msg : "inflate failed"));
      }
    }
    return static_cast<size_t>(wanted - z_.avail_out);
  }

 private:
  std::unique_ptr<ByteSource> raw_;
  std::vector<Bytef> in_;
  z_stream z_;
  bool ok_ = false;
  bool raw_eof_ = false;
  bool member_done_ = false;
};

class IstreamBytes : public ByteSource {
 public:
  explicit IstreamBytes(std::istream& in) : in_(in) {}
  Result<size_t> Read(char* buf, size_t n) override {
    in_.read(buf, static_cast<std::streamsize>(n));
    if (in_.bad()) return Status::Runtime("read failed");
    return static_cast<size_t>(in_.gcount());
  }

 private:
  std::istream& in_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> MaybeGunzip(std::unique_ptr<ByteSource> raw) {
  char magic[2];
  size_t have = 0;
  while (have < sizeof magic) {
    Result<size_t> got = raw->Read(magic + have, sizeof magic - have);
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    have += *got;
  }
  auto peeked = std::make_unique<PeekedBytes>(std::string(magic, have), std::move(raw));
  const bool gzip = have == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
                    static_cast<unsigned char>(magic[1]) == 0x8b;
  if (!gzip) return std::unique_ptr<ByteSource>(std::move(peeked));
  return std::unique_ptr<ByteSource>(std::make_unique<GzipBytes>(std::move(peeked)));
}

std::unique_ptr<ByteSource> StreamBytes(std::istream& in) {
  return std::make_unique<IstreamBytes>(in);
}

}  // namespace plan
