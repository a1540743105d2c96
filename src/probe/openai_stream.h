// The OpenAI-compatible streaming protocol (/v1/chat/completions and /v1/completions with
// stream = true): the request a probe sends and what each server-sent event of the answer
// means. vLLM, SGLang, TGI, llama.cpp's server and hosted APIs all speak it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "probe/sse.h"

namespace plan {

enum class Endpoint { kChat, kCompletions };

const char* EndpointName(Endpoint e);  // "chat" | "completions"

// The URL to POST to. A URL already ending in /chat/completions or /completions is used as
// given; one ending in /v1 gets the endpoint's path appended; any other gets /v1/ + path. A
// query string stays at the end: "http://h:8000?x=1" -> "http://h:8000/v1/chat/completions?x=1".
std::string EndpointUrl(const std::string& base_url, Endpoint e);

struct CompletionRequest {
  std::string model;
  std::string prompt;
  int64_t max_tokens = 128;
  bool ignore_eos = false;  // vLLM/SGLang extension: generate exactly max_tokens
};

// The JSON body: stream = true, stream_options.include_usage = true (so the server sends a
// final usage chunk with its own token counts), temperature 0.
std::string CompletionRequestBody(Endpoint e, const CompletionRequest& r);

// The message of an OpenAI-style error document ({"error": {"message": ...}},
// {"error": "..."} or vLLM's {"object": "error", "message": ...}); nullopt when `json_text`
// is not one.
std::optional<std::string> ErrorMessageOf(const std::string& json_text);

// Interprets the events of one streamed answer.
class CompletionStream {
 public:
  // What one event carried.
  enum class Kind {
    kOutput,     // generated text (a non-empty delta): stamp it as a token arrival
    kNoOutput,   // a well-formed chunk with no text (role header, usage, empty delta)
    kDone,       // data: [DONE]
    kError,      // an error object inside the stream: the request failed
    kMalformed,  // data that is not JSON, or JSON that is no completion chunk
  };
  Kind OnEvent(const SseEvent& e);

  bool done() const { return done_; }
  const std::optional<std::string>& error() const { return error_; }
  int malformed() const { return malformed_; }
  int output_chunks() const { return output_chunks_; }
  // From the server's usage chunk; nullopt when it sent none.
  std::optional<int64_t> prompt_tokens() const { return prompt_tokens_; }
  std::optional<int64_t> completion_tokens() const { return completion_tokens_; }

 private:
  bool done_ = false;
  std::optional<std::string> error_;
  int malformed_ = 0;
  int output_chunks_ = 0;
  std::optional<int64_t> prompt_tokens_, completion_tokens_;
};

}  // namespace plan
