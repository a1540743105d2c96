// Streaming, line-at-a-time reading of trace files: one reused buffer, never the whole file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace plan {

// Where a trace's bytes come from: a file, or memory in tests.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `n` bytes; returns how many (0 at the end), or a runtime error.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

// Opens `path`; an unreadable file is Status::Invalid("<where>: cannot read trace '<path>': why"),
// where `where` names the scenario key that gave the path ("" = just the path). A directory is
// refused the same way.
Result<std::unique_ptr<ByteSource>> OpenFileBytes(const std::string& path,
                                                  const std::string& where);
std::unique_ptr<ByteSource> StringBytes(std::string text);

// The longest line a trace may have: far beyond any real row (a Mooncake row with a 1M-token
// prompt's hash_ids is about 20 KB), and a bound on memory when the input is not a trace at all.
inline constexpr size_t kMaxTraceLineBytes = size_t{16} << 20;

class LineReader {
 public:
  LineReader(std::unique_ptr<ByteSource> bytes, std::string path);

  // The next line without its "\n" or "\r\n" (a UTF-8 byte-order mark on line 1 is dropped).
  // The view lives until the next call. False at the end of the input, on a read error, or at
  // a line longer than kMaxTraceLineBytes (status() says which).
  bool Next(std::string_view* line);
  int64_t line_number() const { return line_number_; }  // of the last line returned, 1-based
  const std::string& path() const { return path_; }
  const Status& status() const { return status_; }
  // Makes the next Next() return the last line again. REQUIRES: called right after a Next()
  // that returned true.
  void PushBack();

 private:
  bool Fill();  // moves the unread tail to the front and reads more; false at end/error

  std::unique_ptr<ByteSource> bytes_;
  std::string path_;
  std::unique_ptr<char[]> buf_;  // not zero-filled: only bytes read are ever looked at
  size_t capacity_ = 0;
  size_t begin_ = 0;       // first unread byte
  size_t end_ = 0;         // one past the last valid byte
  size_t last_begin_ = 0;  // where the last returned line starts
  bool eof_ = false;
  bool started_ = false;
  int64_t line_number_ = 0;
  Status status_;
};

// Only spaces and tabs (or nothing): such lines are skipped wherever a row could be.
bool IsBlankLine(std::string_view line);

// "path:line:col: message", then the line itself and a caret under column `col` (1-based), the
// way Diagnostics renders errors; long lines are shown as a window around the column.
std::string TraceError(const std::string& path, int64_t line, int64_t col, std::string_view text,
                       std::string_view message);

}  // namespace plan
