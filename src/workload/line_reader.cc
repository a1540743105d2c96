#include "workload/line_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <memory>

namespace plan {

namespace {

// Large enough that a read() call costs nothing per row (hundreds of rows a call), small
// enough that opening a small trace costs nothing either; a longer line grows the buffer (up
// to kMaxTraceLineBytes).
constexpr size_t kReadChunkBytes = 64 << 10;
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
  auto refuse = [&](const std::string& why) {
    if (where.empty()) return Status::Invalid(fmt::format("{}: cannot read trace: {}", path, why));
    return Status::Invalid(fmt::format("{}: cannot read trace '{}': {}", where, path, why));
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return refuse(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return refuse("it is a directory, not a file");
  }
  return std::unique_ptr<ByteSource>(new FileBytes(fd));
}

std::unique_ptr<ByteSource> StringBytes(std::string text) {
  return std::make_unique<MemoryBytes>(std::move(text));
}

LineReader::LineReader(std::unique_ptr<ByteSource> bytes, std::string path)
    : bytes_(std::move(bytes)),
      path_(std::move(path)),
      buf_(new char[kReadChunkBytes]),
      capacity_(kReadChunkBytes) {}

bool LineReader::Fill() {
  if (eof_ || !status_.ok()) return false;
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == capacity_) {
    if (capacity_ >= kMaxTraceLineBytes) {
      status_ = Status::Invalid(fmt::format(
          "{}:{}: the line is longer than {} MiB, the most plan reads as one line; is this a "
          "trace file?",
          path_, line_number_ + 1, kMaxTraceLineBytes >> 20));
      return false;
    }
    size_t grown = std::min(capacity_ * 2, kMaxTraceLineBytes);
    std::unique_ptr<char[]> bigger(new char[grown]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    capacity_ = grown;
  }
  Result<size_t> got = bytes_->Read(buf_.get() + end_, capacity_ - end_);
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
    if (end_ >= 3 && std::memcmp(buf_.get(), "\xEF\xBB\xBF", 3) == 0) begin_ = 3;
    if (end_ >= 2 && (std::memcmp(buf_.get(), "\xFF\xFE", 2) == 0 ||
                      std::memcmp(buf_.get(), "\xFE\xFF", 2) == 0)) {
      status_ = Status::Invalid(fmt::format(
          "{}: the trace is UTF-16 text; plan reads UTF-8 (convert it first: iconv -f UTF-16 "
          "-t UTF-8 {} > trace.csv)",
          path_, path_));
      return false;
    }
  }
  size_t scanned = begin_;
  for (;;) {
    const char* start = buf_.get() + scanned;
    const void* nl = std::memchr(start, '\n', end_ - scanned);
    size_t stop;
    bool have = false;
    if (nl != nullptr) {
      stop = static_cast<const char*>(nl) - buf_.get();
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
    const char* first = buf_.get() + begin_;
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

std::string TraceError(const std::string& path, int64_t line, int64_t col, std::string_view raw,
                       std::string_view message) {
  std::string out = fmt::format("{}:{}:{}: {}", path, line, col, message);
  // Quoted as written, but never a control byte that would drive the terminal.
  const size_t keep = 2 * kQuoteWindowChars + static_cast<size_t>(std::max<int64_t>(col, 0));
  std::string shown(raw.substr(0, std::min(raw.size(), keep)));
  for (char& c : shown)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) c = '?';
  std::string_view text = shown;
  if (text.empty()) return out;
  size_t caret = col > 0 ? static_cast<size_t>(col - 1) : 0;
  std::string prefix;
  if (text.size() > kQuoteWindowChars) {
    size_t from = caret > kQuoteWindowChars / 2 ? caret - kQuoteWindowChars / 2 : 0;
    from = std::min(from, text.size());
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
