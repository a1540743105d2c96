#include <catch2/catch.hpp>

#include "probe/openai_stream.h"
#include "probe/sse.h"

namespace plan {
namespace {

// Feeds `text` in pieces of `piece` bytes.
struct Parsed {
  std::vector<SseEvent> events;
  SseParser parser{[this](const SseEvent& e) { events.push_back(e); }};
  Parsed(const std::string& text, size_t piece) {
    for (size_t i = 0; i < text.size(); i += piece)
      parser.Feed(std::string_view(text).substr(i, piece));
  }
};

}  // namespace

TEST_CASE("SSE events come out whole however the bytes are split", "[probe]") {
  const std::string text =
      ": ping\n\ndata: {\"a\":1}\n\nevent: error\ndata: line one\ndata: line two\n\ndata: "
      "[DONE]\n\n";
  for (size_t piece : {1, 2, 3, 7, 1000}) {
    Parsed r(text, piece);
    const std::vector<SseEvent>& events = r.events;
    SseParser* p = &r.parser;
    REQUIRE(events.size() == 3);
    CHECK(events[0].event == "");
    CHECK(events[0].data == "{\"a\":1}");
    CHECK(events[1].event == "error");
    CHECK(events[1].data == "line one\nline two");
    CHECK(events[2].data == "[DONE]");
    CHECK(p->comment_lines() == 1);
    CHECK(p->malformed_lines() == 0);
    CHECK(p->Finish());
  }
}

TEST_CASE("SSE accepts CRLF and CR line ends, and a field without a space after the colon",
          "[probe]") {
  Parsed r("data:x\r\n\r\ndata: y\r\rdata: z\n\n", 1);
  const std::vector<SseEvent>& crlf = r.events;
  REQUIRE(crlf.size() == 3);
  CHECK(crlf[0].data == "x");
  CHECK(crlf[1].data == "y");
  CHECK(crlf[2].data == "z");
}

TEST_CASE("SSE counts lines with unknown fields as malformed and reports a truncated stream",
          "[probe]") {
  Parsed r("garbage line\nid: 7\nretry: 10\ndata: a\n\ndata: cut", 4);
  const std::vector<SseEvent>& events = r.events;
  SseParser* p = &r.parser;
  REQUIRE(events.size() == 1);
  CHECK(events[0].data == "a");
  CHECK(p->malformed_lines() == 1);  // "garbage line"; id and retry are standard fields
  CHECK_FALSE(p->Finish());          // "data: cut" was never closed by a blank line
}

TEST_CASE("A completion stream stamps text, skips empty deltas, reads usage and [DONE]",
          "[probe]") {
  CompletionStream s;
  using K = CompletionStream::Kind;
  CHECK(s.OnEvent({"", R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})"}) ==
        K::kNoOutput);
  CHECK(s.OnEvent({"", R"({"choices":[{"index":0,"delta":{"content":"Hi"}}]})"}) == K::kOutput);
  CHECK(s.OnEvent({"", R"({"choices":[{"index":0,"text":" there"}]})"}) == K::kOutput);
  CHECK(s.OnEvent({"", R"({"choices":[{"index":0,"delta":{"reasoning_content":"hmm"}}]})"}) ==
        K::kOutput);
  CHECK(s.OnEvent({"", R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3}})"}) ==
        K::kNoOutput);
  CHECK(s.OnEvent({"", "[DONE]"}) == K::kDone);
  CHECK(s.output_chunks() == 3);
  CHECK(s.prompt_tokens() == 12);
  CHECK(s.completion_tokens() == 3);
  CHECK(s.done());
  CHECK_FALSE(s.error());
  CHECK(s.malformed() == 0);
}

TEST_CASE("A completion stream treats an error object as a failure and counts bad data",
          "[probe]") {
  using K = CompletionStream::Kind;
  CompletionStream s;
  CHECK(s.OnEvent({"", "{not json"}) == K::kMalformed);
  CHECK(s.OnEvent({"", R"({"id":"x"})"}) == K::kMalformed);  // neither choices nor usage
  CHECK(s.OnEvent({"", R"({"error":{"message":"overloaded","type":"server_error"}})"}) ==
        K::kError);
  CHECK(s.malformed() == 2);
  CHECK(s.error() == "overloaded");

  CompletionStream vllm;  // vLLM's ErrorResponse shape
  CHECK(
      vllm.OnEvent(
          {"", R"({"object":"error","message":"too long","type":"BadRequestError","code":400})"}) ==
      K::kError);
  CHECK(vllm.error() == "too long");

  CompletionStream named;  // an "event: error" whose data is plain text
  CHECK(named.OnEvent({"error", "upstream timed out"}) == K::kError);
  CHECK(named.error() == "upstream timed out");
}

TEST_CASE("Endpoint URLs and request bodies follow the OpenAI API", "[probe]") {
  CHECK(EndpointUrl("http://h:8000", Endpoint::kChat) == "http://h:8000/v1/chat/completions");
  CHECK(EndpointUrl("http://h:8000/", Endpoint::kCompletions) == "http://h:8000/v1/completions");
  CHECK(EndpointUrl("https://api.example.com/v1", Endpoint::kChat) ==
        "https://api.example.com/v1/chat/completions");
  CHECK(EndpointUrl("https://x/openai/deployments/d/chat/completions", Endpoint::kCompletions) ==
        "https://x/openai/deployments/d/chat/completions");
  CHECK(EndpointUrl("https://g/v1beta/openai/?key=k", Endpoint::kChat) ==
        "https://g/v1beta/openai/v1/chat/completions?key=k");
  CHECK(CompletionRequestBody(Endpoint::kChat, {"m", "a b", 8, false}) ==
        R"({"max_tokens":8,"messages":[{"content":"a b","role":"user"}],"model":"m","stream":true,)"
        R"("stream_options":{"include_usage":true},"temperature":0})");
  CHECK(CompletionRequestBody(Endpoint::kCompletions, {"m", "a b", 8, true}) ==
        R"({"ignore_eos":true,"max_tokens":8,"model":"m","prompt":"a b","stream":true,)"
        R"("stream_options":{"include_usage":true},"temperature":0})");
  CHECK(ErrorMessageOf(R"({"error":"quota"})") == "quota");
  CHECK_FALSE(ErrorMessageOf("<html>bad gateway</html>").has_value());
}

}  // namespace plan
