// RunProbe against the in-memory HTTP fake: every time below is exact because the fake
// advances a FakeClock by each body piece's delay before delivering it.
#include <catch2/catch.hpp>

#include "probe/fake_http_client.h"
#include "probe/probe.h"
#include "probe/probe_json.h"

namespace plan {
namespace {

constexpr TimeNs kMs = 1'000'000;

std::string Token(const char* text) {
  return std::string(R"(data: {"choices":[{"index":0,"delta":{"content":")") + text + "\"}}]}\n\n";
}

// t=+50ms first token; +10ms second; +12ms third, the usage chunk and [DONE].
FakeResponse ThreeTokens() {
  FakeResponse r;
  r.body = {
      {50 * kMs, ": ping\n\n" + Token("a")},
      {10 * kMs, Token("b")},
      {12 * kMs, Token("c") +
                     R"(data: {"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":3}})" +
                     "\n\ndata: [DONE]\n\n"}};
  return r;
}

ProbeOptions OneRequest() {
  ProbeOptions o;
  o.url = "http://fake:8000";
  o.model = "m";
  o.concurrency = {1};
  o.requests_per_level = 1;
  o.prompt_tokens = *PromptLengths::Parse("32", "--prompt-tokens");
  o.max_tokens = 3;
  return o;
}

}  // namespace

TEST_CASE("A probe measures TTFT, each inter-token gap, TPOT and e2e of a stream", "[probe]") {
  FakeClock clock("2026-12-01T09:30:00Z");
  FakeHttpClient http(&clock);
  http.Push(ThreeTokens());
  ProbeResult p = RunProbe(OneRequest(), http, clock);
  REQUIRE(p.rows.size() == 1);
  const ProbeRow& r = p.rows[0];
  CHECK(r.ok);
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK(r.ttft_s == 0.050);
  REQUIRE(r.itl_s.size() == 2);
  CHECK(r.itl_s[0] == 0.010);
  CHECK(r.itl_s[1] == 0.012);
  CHECK(r.e2e_s == 0.072);
  CHECK(r.tpot_s == Approx(0.011).epsilon(1e-12));  // (0.072 - 0.050) / (3 - 1)
  CHECK(r.input_tokens == 40);                      // the server's count, not the 32 asked for
  CHECK(r.prompt_tokens_requested == 32);
  CHECK(r.output_tokens == 3);
  CHECK(r.usage_reported);
  CHECK(p.date == "2026-12-01T09:30:00Z");
  CHECK(p.url == "http://fake:8000/v1/chat/completions");
  REQUIRE(p.levels.size() == 1);
  CHECK(p.levels[0].ok == 1);
  CHECK(p.levels[0].ttft_s.p50 == 0.050);
  CHECK(p.levels[0].itl_s.max == 0.012);
  CHECK(p.levels[0].wall_s == 0.072);

  const std::vector<HttpRequest> sent = http.requests();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].url == "http://fake:8000/v1/chat/completions");
  CHECK(sent[0].headers.size() == 2);  // no key: no Authorization header
}

TEST_CASE("A probe waits out a 429 for its retry-after and measures the retried attempt",
          "[probe]") {
  FakeClock clock;
  FakeHttpClient http(&clock);
  http.Push(
      {429, {{"retry-after-ms", "250"}}, {{1 * kMs, R"({"error":{"message":"slow down"}})"}}, ""});
  http.Push(ThreeTokens());
  ProbeResult p = RunProbe(OneRequest(), http, clock);
  REQUIRE(p.rows.size() == 1);
  const ProbeRow& r = p.rows[0];
  CHECK(r.ok);
  CHECK(r.retries == 1);
  CHECK(r.retry_wait_s == 0.25);
  CHECK(r.start_s == 0.251);  // 1 ms for the 429's body, then the 250 ms wait
  CHECK(r.ttft_s == 0.050);
  CHECK(p.levels[0].retries == 1);
}

TEST_CASE("A probe gives up on 429s after --max-retries, and on a retry-after beyond 60 s",
          "[probe]") {
  FakeClock clock;
  FakeHttpClient http(&clock);
  ProbeOptions o = OneRequest();
  o.max_retries = 1;
  for (int i = 0; i < 2; ++i)
    http.Push({429, {{"retry-after", "2"}}, {{0, R"({"error":{"message":"slow down"}})"}}, ""});
  ProbeResult p = RunProbe(o, http, clock);
  REQUIRE(p.rows.size() == 1);
  CHECK_FALSE(p.rows[0].ok);
  CHECK(p.rows[0].status == 429);
  CHECK(p.rows[0].retries == 1);
  CHECK(p.rows[0].retry_wait_s == 2.0);
  CHECK(p.rows[0].error == "HTTP 429: slow down");

  FakeClock clock2;
  FakeHttpClient http2(&clock2);
  http2.Push({429, {{"retry-after", "120"}}, {}, ""});
  ProbeResult q = RunProbe(OneRequest(), http2, clock2);
  CHECK(
      q.rows[0].error ==
      "HTTP 429: rate limited; the server asked for a 120 s wait, beyond the 60 s back-off limit");
  CHECK(clock2.NowNs() == 0);  // it did not wait
}

TEST_CASE("Retry waits: retry-after-ms, then retry-after seconds, else doubling from 1 s",
          "[probe]") {
  HttpResponse r;
  CHECK(RetryWaitS(r, 0) == 1.0);
  CHECK(RetryWaitS(r, 3) == 8.0);
  r.headers["retry-after"] = "Wed, 21 Oct 2026 07:28:00 GMT";  // an HTTP-date: not used
  CHECK(RetryWaitS(r, 1) == 2.0);
  r.headers["retry-after"] = "3";
  CHECK(RetryWaitS(r, 1) == 3.0);
  r.headers["retry-after-ms"] = "1500";
  CHECK(RetryWaitS(r, 1) == 1.5);
}

TEST_CASE("A probe never lets the API key into its rows, its file or its errors", "[probe]") {
  const std::string key = "sk-test-0123456789abcdef";
  FakeClock clock;
  FakeHttpClient http(&clock);
  http.Push({401,
             {},
             {{0, R"({"error":{"message":"Incorrect API key provided: Bearer )" + key + R"("}})"}},
             ""});
  http.Push({200, {}, {{0, "data: {\"error\": \"bad token " + key + "\"}\n\n"}}, ""});
  ProbeOptions o = OneRequest();
  o.requests_per_level = 2;
  o.api_key = key;
  o.url = "https://user:" + key + "@api.example.com/v1?key=" + key;
  ProbeResult p = RunProbe(o, http, clock);
  REQUIRE(p.rows.size() == 2);
  CHECK(p.rows[0].error == "HTTP 401: Incorrect API key provided: Bearer [REDACTED]");
  CHECK(p.rows[1].error == "error event after 0 output chunks: bad token [REDACTED]");
  CHECK(p.url == "https://api.example.com/v1/chat/completions");
  const std::string json = WriteProbeJson(p);
  CHECK(json.find(key) == std::string::npos);
  CHECK(json.find("sk-test") == std::string::npos);
  // The key did go to the server, as a Bearer token.
  const std::vector<HttpRequest> sent = http.requests();
  CHECK(sent[0].headers.back() ==
        std::pair<std::string, std::string>{"Authorization", "Bearer " + key});
}

TEST_CASE("A probe stops at its wall-time limit and abandons the open request", "[probe]") {
  FakeClock clock;
  FakeHttpClient http(&clock);
  FakeResponse slow = ThreeTokens();
  slow.body[1].delay_ns = 5000 * kMs;  // the second token would come after the limit
  http.Push(slow);
  ProbeOptions o = OneRequest();
  o.requests_per_level = 3;
  o.concurrency = {1, 2};
  o.max_wall_s = 1.0;
  ProbeResult p = RunProbe(o, http, clock);
  CHECK(p.stopped_early);
  REQUIRE(p.rows.size() == 1);  // the other two were never sent; level 2 never started
  CHECK(p.rows[0].error == "stopped after 1 output chunk: the probe's wall-time limit was reached");
  CHECK(p.levels.size() == 1);
  CHECK(http.requests().size() == 1);
}

TEST_CASE("A refused connection is reported as such, even when the wall limit is shorter",
          "[probe]") {
  // --max-wall-s 1 below --timeout-s 120: every request's timeout is cut to the wall limit.
  // A connection refused at once used to read "the wall-time limit was reached" and stop the
  // probe after one request.
  FakeClock clock;
  FakeHttpClient http(&clock);
  for (int i = 0; i < 2; ++i)
    http.Push({0, {}, {}, "Couldn't connect to server (Failed to connect to 127.0.0.1 port 9)"});
  ProbeOptions o = OneRequest();
  o.requests_per_level = 2;
  o.max_wall_s = 1.0;
  ProbeResult p = RunProbe(o, http, clock);
  CHECK_FALSE(p.stopped_early);
  REQUIRE(p.rows.size() == 2);
  for (const ProbeRow& r : p.rows)
    CHECK(r.error ==
          "no response: Couldn't connect to server (Failed to connect to 127.0.0.1 port 9)");
  // A timeout cut to the wall limit is the limit.
  FakeResponse stall;
  stall.status = 0;
  stall.transport_error = "Timeout was reached";
  stall.timed_out = true;
  http.Push(stall);
  o.requests_per_level = 1;
  p = RunProbe(o, http, clock);
  CHECK(p.rows[0].error ==
        "stopped after 0 output chunks: the probe's wall-time limit was reached");
}

TEST_CASE(
    "Failed streams: broken mid-way, no [DONE], no output, an error page, no connection, no stream",
    "[probe]") {
  FakeClock clock;
  FakeHttpClient http(&clock);
  http.Push(
      {200, {}, {{5 * kMs, Token("a")}}, "Transfer closed with outstanding read data remaining"});
  http.Push({200, {}, {{5 * kMs, Token("a")}}, ""});
  http.Push({200, {}, {{5 * kMs, "data: [DONE]\n\n"}}, ""});
  http.Push({502, {}, {{0, "<html>bad gateway</html>"}}, ""});
  http.Push({0, {}, {}, "Could not connect to server"});
  http.Push({200, {}, {{0, R"({"error": {"message": "streaming is not enabled"}})"}}, ""});
  ProbeOptions o = OneRequest();
  o.requests_per_level = 6;
  ProbeResult p = RunProbe(o, http, clock);
  REQUIRE(p.rows.size() == 6);
  CHECK(p.rows[0].error ==
        "stream broke after 1 output chunk: Transfer closed with outstanding read data remaining");
  CHECK(p.rows[1].error == "stream ended without [DONE] after 1 output chunk");
  CHECK(p.rows[2].error == "no output before [DONE]");
  CHECK(p.rows[3].error == "HTTP 502: <html>bad gateway</html>");
  CHECK(p.rows[4].error == "no response: Could not connect to server");
  CHECK(p.rows[5].error == "error document instead of a stream: streaming is not enabled");
  CHECK(p.levels[0].failed == 6);
  CHECK(p.levels[0].ok == 0);
  // The 502 page is no SSE and not counted; the 200 error document has no line end, so no line.
  CHECK(p.levels[0].malformed_lines == 0);
}

}  // namespace plan
