#include "probe/sse.h"

namespace plan {

void SseParser::Feed(std::string_view bytes) {
  for (char c : bytes) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      skip_lf_ = c == '\r';
      Line(pending_);
      pending_.clear();
    } else {
      pending_.push_back(c);
    }
  }
}

bool SseParser::Finish() {
  const bool clean = pending_.empty() && !in_event_;
  pending_.clear();
  event_ = {};
  has_data_ = in_event_ = false;
  return clean;
}

void SseParser::Line(std::string_view line) {
  if (line.empty()) {
    if (has_data_) on_event_(event_);
    event_ = {};
    has_data_ = in_event_ = false;
    return;
  }
  if (line.front() == ':') {
    ++comment_lines_;
    return;
  }
  const size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) event_.data.push_back('\n');
    event_.data.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.event = std::string(value);
  } else if (field != "id" && field != "retry") {
    ++malformed_lines_;
    return;
  }
  in_event_ = true;
}

}  // namespace plan
