#include "fixture_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/rng.h"

namespace plan::test {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// One HTTP/1.1 chunk of the response body.
bool SendChunk(int fd, const std::string& data) {
  return SendAll(fd, fmt::format("{:x}\r\n{}\r\n", data.size(), data));
}

bool SendEvent(int fd, const std::string& data) { return SendChunk(fd, "data: " + data + "\n\n"); }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Request {
  std::string path;
  std::map<std::string, std::string> headers;
  std::string body;
};

// Reads one request (headers, then Content-Length bytes); false on a malformed or slow one.
bool ReadRequest(int fd, Request* r) {
  std::string buf;
  char tmp[4096];
  size_t header_end = std::string::npos;
  while ((header_end = buf.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0 || buf.size() > (1 << 20)) return false;
    buf.append(tmp, static_cast<size_t>(n));
  }
  std::istringstream head(buf.substr(0, header_end));
  std::string line, method, version;
  std::getline(head, line);
  std::istringstream(line) >> method >> r->path >> version;
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t v = line.find_first_not_of(' ', colon + 1);
    r->headers[Lower(line.substr(0, colon))] = v == std::string::npos ? "" : line.substr(v);
  }
  if (r->headers.count("expect")) SendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n");
  const size_t length =
      std::stoul(r->headers.count("content-length") ? r->headers["content-length"] : "0");
  r->body = buf.substr(header_end + 4);
  while (r->body.size() < length) {
    ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    r->body.append(tmp, static_cast<size_t>(n));
  }
  return true;
}

long long Words(const std::string& text) {
  long long n = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string Chunk(bool chat, const std::string& text) {
  json choice = chat ? json{{"index", 0}, {"delta", {{"content", text}}}}
                     : json{{"index", 0}, {"text", text}};
  return json{{"id", "fixture"},
              {"object", chat ? "chat.completion.chunk" : "text_completion"},
              {"choices", json::array({choice})}}
      .dump();
}

}  // namespace

FixtureServer::FixtureServer(FixtureParams params) : p_(params) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) return;
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    return;
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FixtureServer::~FixtureServer() { Stop(); }

std::string FixtureServer::url() const { return fmt::format("http://127.0.0.1:{}", port_); }

std::vector<FixtureRequestLog> FixtureServer::requests() {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

void FixtureServer::Stop() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> handlers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    handlers.swap(handlers_);
  }
  for (std::thread& t : handlers) t.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
}

bool FixtureServer::Sleep(double seconds) {
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
  // Short naps, so that Stop() is seen within 5 ms.
  for (auto now = Clock::now(); now < until; now = Clock::now()) {
    if (stop_) return false;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(until - now, std::chrono::milliseconds(5)));
  }
  return !stop_;
}

void FixtureServer::AcceptLoop() {
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(p_.max_lifetime_s));
  int served = 0;
  while (!stop_ && Clock::now() < end) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 20) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    if (served >= p_.max_requests) {
      ::close(fd);
      continue;
    }
    timeval tv{2, 0};  // a client that sends nothing for 2 s is dropped
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::lock_guard<std::mutex> lock(mu_);
    handlers_.emplace_back([this, fd, n = served++] {
      Serve(fd, n);
      ::close(fd);
    });
  }
  stop_ = true;  // lifetime over: cut any open stream
}

void FixtureServer::Serve(int fd, int request_number) {
  Request req;
  if (!ReadRequest(fd, &req)) return;
  const auto received = Clock::now();
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    SendAll(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return;
  }
  const bool chat = req.path.find("/chat/") != std::string::npos;
  FixtureRequestLog entry;
  entry.path = req.path;
  entry.model = body.value("model", "");
  entry.authorization = req.headers.count("authorization") ? req.headers["authorization"] : "";
  std::string prompt = chat ? body["messages"][0].value("content", "") : body.value("prompt", "");
  entry.input_tokens = Words(prompt);
  entry.max_tokens = body.value("max_tokens", 16);
  entry.stream_usage =
      body.contains("stream_options") && body["stream_options"].value("include_usage", false);
  const std::string mode = entry.model;
  bool limited = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    log_.push_back(entry);
    if (mode == "rate-limited" && rate_limited_sent_ < p_.rate_limited_requests) {
      ++rate_limited_sent_;
      limited = true;
    }
  }
  if (limited) {
    const std::string msg =
        R"({"error": {"message": "fixture: rate limit reached", "type": "rate_limit"}})";
    SendAll(fd, fmt::format("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
                            "retry-after-ms: {}\r\nretry-after: 1\r\nContent-Length: {}\r\n"
                            "Connection: close\r\n\r\n{}",
                            p_.retry_after_ms, msg.size(), msg));
    return;
  }
  if (mode == "echo-auth") {
    const std::string msg =
        json{{"error",
              {{"message", "Incorrect API key provided: " + entry.authorization},
               {"type", "invalid_request_error"}}}}
            .dump();
    SendAll(fd, fmt::format("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                            "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                            msg.size(), msg));
    return;
  }
  if (!SendAll(fd,
               "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"))
    return;
  if (mode == "stall") {
    Sleep(p_.max_lifetime_s);
    return;
  }
  if (mode == "echo-auth-stream") {
    SendEvent(fd, json{{"error", {{"message", "token rejected: " + entry.authorization}}}}.dump());
    SendChunk(fd, "");
    return;
  }
  SendChunk(fd, ": ping\n\n");
  if (chat)
    SendEvent(
        fd,
        R"({"id":"fixture","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})");
  if (mode == "malformed") SendChunk(fd, "this line has no field\n\ndata: {not json\n\n");

  Rng rng = Rng::Stream(p_.seed, "fixture-itl", std::to_string(request_number));
  const double ttft_s =
      p_.ttft_base_s + p_.ttft_per_input_token_s * static_cast<double>(entry.input_tokens);
  auto at =
      received + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(ttft_s));
  const long long tokens = mode == "broken" || mode == "error-event"
                               ? std::min(3LL, entry.max_tokens)
                               : entry.max_tokens;
  for (long long k = 0; k < tokens; ++k) {
    if (k > 0)
      at += std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(p_.itl_s + p_.itl_jitter_s * (2 * rng.Uniform() - 1)));
    if (!Sleep(std::chrono::duration<double>(at - Clock::now()).count())) return;
    if (!SendEvent(fd, Chunk(chat, " tok"))) return;
  }
  if (mode == "broken") return;  // close inside the chunked body: no terminating chunk
  if (mode == "error-event") {
    SendEvent(
        fd,
        R"({"error": {"message": "fixture: engine overloaded", "type": "server_error", "code": 500}})");
    SendChunk(fd, "");
    return;
  }
  SendEvent(fd, json{{"id", "fixture"},
                     {"choices", json::array()},
                     {"usage",
                      {{"prompt_tokens", entry.input_tokens},
                       {"completion_tokens", tokens},
                       {"total_tokens", entry.input_tokens + tokens}}}}
                    .dump());
  if (mode != "no-done") SendEvent(fd, "[DONE]");
  SendChunk(fd, "");  // the terminating zero-length chunk
}

}  // namespace plan::test
