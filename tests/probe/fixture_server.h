// A local OpenAI-compatible streaming server for tests: HTTP/1.1 on 127.0.0.1, an ephemeral
// port, one thread per connection. Its timing follows known parameters, so a probe of it can
// be checked against the truth:
//   TTFT = ttft_base_s + ttft_per_input_token_s x input tokens (from the full request read to
//   the first token), then one token per gap of itl_s + U(-itl_jitter_s, +itl_jitter_s).
// Input tokens = whitespace-separated words of the prompt; it emits exactly max_tokens tokens
// and reports both counts in a final usage chunk, then [DONE].
//
// The request's model name picks a behaviour:
//   anything else     the stream above (with a ": ping" comment and an empty role delta first)
//   "rate-limited"    the first `rate_limited_requests` requests get 429 with retry-after-ms
//   "broken"          3 tokens, then the connection drops inside the chunked body
//   "malformed"       the stream above plus 2 malformed lines per request (a line with an
//                     unknown field, a data line that is not JSON)
//   "error-event"     3 tokens, then an OpenAI error object inside the stream
//   "no-done"         the stream above without [DONE], the body ending cleanly
//   "echo-auth"       401 whose error message quotes the Authorization header
//   "echo-auth-stream" 200, then an in-stream error quoting the Authorization header
//   "stall"           200 headers, then silence until the server stops
//
// Bounded: it serves at most max_requests connections and stops by itself max_lifetime_s after
// starting (cutting open streams); the destructor stops it and joins every thread.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plan::test {

struct FixtureParams {
  double ttft_base_s = 0.050;
  double ttft_per_input_token_s = 0.0001;
  double itl_s = 0.010;
  double itl_jitter_s = 0.002;
  int rate_limited_requests = 2;
  int retry_after_ms = 20;
  int max_requests = 200;
  double max_lifetime_s = 20;
  unsigned long long seed = 7;
};

struct FixtureRequestLog {
  std::string path;
  std::string model;
  std::string authorization;  // the header's value as received
  long long input_tokens = 0;
  long long max_tokens = 0;
  bool stream_usage = false;  // stream_options.include_usage was true
};

class FixtureServer {
 public:
  explicit FixtureServer(FixtureParams params = {});
  ~FixtureServer();
  FixtureServer(const FixtureServer&) = delete;
  FixtureServer& operator=(const FixtureServer&) = delete;

  bool ok() const { return listen_fd_ >= 0; }  // listening
  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:PORT"
  std::vector<FixtureRequestLog> requests();
  void Stop();

 private:
  void AcceptLoop();
  void Serve(int fd, int request_number);
  bool Sleep(double seconds);  // false when stopped meanwhile

  FixtureParams p_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> handlers_;
  std::vector<FixtureRequestLog> log_;
  int rate_limited_sent_ = 0;
};

}  // namespace plan::test
