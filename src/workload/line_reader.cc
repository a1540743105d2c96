#include "workload/line_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <cassert>
#include <cerrno>
#include <cstring>

namespace plan {

namespace {

// Large enough that a read() call costs nothing per row; a longer line grows the buffer.
constexpr size_t kReadChunkBytes = 1 << 20;
// Lines longer than this are quoted in errors as a window around the column.
constexpr size_t kQuoteWindowChars = 120;

class FileBytes : public ByteSource {
 public:
  explicit FileBytes(int fd) : fd_(fd) {}
  ~FileBytes() override { ::close(fd_); }
  Result<size_t> Read(char* buf, size_t n) override {
    for (;;) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR)
        return Status::Runtime(fmt::format("read failed: {}", std::strerror(errno)));
    }
  }

 private:
  int fd_;
};

class MemoryBytes : public ByteSource {
 public:
  explicit MemoryBytes(std::string text) : text_(std::move(text)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t take = std::min(n, text_.size() - pos_);
    std::memcpy(buf, text_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  std::string text_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFileBytes(const std::string& path,
                                                  const std::string& where) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string why = std::strerror(errno);
    if (where.empty()) return Status::Invalid(fmt::format("{}: cannot read trace: {}", path, why));
    return Status::Invalid(fmt::format("{}: cannot read trace '{}': {}", where, path, why));
  }
  return std::unique_ptr<ByteSource>(new FileBytes(fd));
}

std::unique_ptr<ByteSource> StringBytes(std::string text) {
  return std::make_unique<MemoryBytes>(std::move(text));
}

LineReader::LineReader(std::unique_ptr<ByteSource> bytes, std::string path)
    : bytes_(std::move(bytes)), path_(std::move(path)), buf_(kReadChunkBytes) {}

bool LineReader::Fill() {
  if (eof_ || !status_.ok()) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  Result<size_t> got = bytes_->Read(buf_.data() + end_, buf_.size() - end_);
  if (!got.ok()) {
    // Bad bytes (a corrupt gzip stream) stay bad input; a failed read stays a runtime error.
    std::string message = fmt::format("{}: {}", path_, got.status().message());
    status_ = got.status().code() == StatusCode::kInvalidInput ? Status::Invalid(message)
                                                               : Status::Runtime(message);
    return false;
  }
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  end_ += *got;
  return true;
}

bool LineReader::Next(std::string_view* line) {
  if (!started_) {
    started_ = true;
    while (end_ < 3 && Fill()) {
    }
    if (!status_.ok()) return false;
    if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) begin_ = 3;
  }
  size_t scanned = begin_;
  for (;;) {
    const char* start = buf_.data() + scanned;
    const void* nl = std::memchr(start, '\n', end_ - scanned);
    size_t stop;
    bool have = false;
    if (nl != nullptr) {
      stop = static_cast<const char*>(nl) - buf_.data();
      have = true;
    } else {
      size_t unread = end_ - begin_;
      if (Fill()) {
        scanned = begin_ + unread;
        continue;
      }
      if (!status_.ok() || end_ == begin_) return false;
      stop = end_;  // a last line without a newline
    }
    const char* first = buf_.data() + begin_;
    size_t len = stop - begin_;
    if (len > 0 && first[len - 1] == '\r') --len;
    *line = std::string_view(first, len);
    last_begin_ = begin_;
    begin_ = have ? stop + 1 : stop;
    ++line_number_;
    return true;
  }
}

void LineReader::PushBack() {
  assert(line_number_ > 0);
  begin_ = last_begin_;
  --line_number_;
}

bool IsBlankLine(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t') return false;
  return true;
}

std::string TraceError(const std::string& path, int64_t line, int64_t col, std::string_view text,
                       std::string_view message) {
  std::string out = fmt::format("{}:{}:{}: {}", path, line, col, message);
  if (text.empty()) return out;
  size_t caret = col > 0 ? static_cast<size_t>(col - 1) : 0;
  std::string prefix;
  if (text.size() > kQuoteWindowChars) {
    size_t from = caret > kQuoteWindowChars / 2 ? caret - kQuoteWindowChars / 2 : 0;
    if (from > 0) prefix = "...";
    text = text.substr(from, kQuoteWindowChars);
    caret = caret - from + prefix.size();
    out += fmt::format("\n  {}{}{}", prefix, text, text.size() == kQuoteWindowChars ? "..." : "");
  } else {
    out += fmt::format("\n  {}", text);
  }
  if (col > 0) out += fmt::format("\n  {}^", std::string(caret, ' '));
  return out;
}

}  // namespace plan
