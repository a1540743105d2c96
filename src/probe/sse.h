// Server-sent events (the WHATWG event-stream format): bytes in, events out, across any
// split of the bytes into chunks. Lines end in \n, \r\n or \r; a line starting with ':' is a
// comment (servers send them as keep-alive pings); "data" lines accumulate, joined by \n;
// a blank line dispatches the event.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace plan {

struct SseEvent {
  std::string event;  // the "event:" field; "" for the default "message"
  std::string data;
};

class SseParser {
 public:
  using EventFn = std::function<void(const SseEvent&)>;

  explicit SseParser(EventFn on_event) : on_event_(std::move(on_event)) {}

  void Feed(std::string_view bytes);
  // End of the stream. An event not closed by a blank line is dropped, as the format says.
  // Returns false when bytes or an undispatched event were left over (a truncated stream).
  bool Finish();

  // Lines with a field name the format does not define (not data, event, id or retry).
  int malformed_lines() const { return malformed_lines_; }
  int comment_lines() const { return comment_lines_; }

 private:
  void Line(std::string_view line);

  EventFn on_event_;
  std::string pending_;   // bytes of an unfinished line
  bool skip_lf_ = false;  // the last byte was \r: a following \n ends nothing new
  SseEvent event_;
  bool has_data_ = false;
  bool in_event_ = false;  // some field seen since the last dispatch
  int malformed_lines_ = 0;
  int comment_lines_ = 0;
};

}  // namespace plan
