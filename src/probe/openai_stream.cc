#include "probe/openai_stream.h"

#include <nlohmann/json.hpp>

#include "util/json_text.h"

namespace plan {

using nlohmann::json;

namespace {

// An error value that is no string is quoted, never dumped whole: a server may send anything.
constexpr size_t kMaxQuotedChars = 300;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<std::string> ErrorMessageOfJson(const json& j) {
  if (!j.is_object()) return std::nullopt;
  auto err = j.find("error");
  if (err != j.end() && !err->is_null()) {
    if (err->is_string()) return err->get<std::string>();
    if (err->is_object()) {
      auto m = err->find("message");
      if (m != err->end() && m->is_string()) return m->get<std::string>();
    }
    return JsonExcerpt(*err, kMaxQuotedChars);
  }
  auto object = j.find("object");
  if (object != j.end() && object->is_string() && object->get<std::string>() == "error") {
    auto m = j.find("message");
    return m != j.end() && m->is_string() ? m->get<std::string>() : JsonExcerpt(j, kMaxQuotedChars);
  }
  return std::nullopt;
}

// A non-negative integer member, else nullopt.
std::optional<int64_t> Count(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer() || it->get<int64_t>() < 0) return std::nullopt;
  return it->get<int64_t>();
}

bool NonEmptyString(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

}  // namespace

const char* EndpointName(Endpoint e) { return e == Endpoint::kChat ? "chat" : "completions"; }

std::string EndpointUrl(const std::string& base_url, Endpoint e) {
  const size_t query_at = base_url.find('?');
  const std::string query = query_at == std::string::npos ? "" : base_url.substr(query_at);
  std::string url = base_url.substr(0, query_at);
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (EndsWith(url, "/chat/completions") || EndsWith(url, "/completions")) return url + query;
  if (!EndsWith(url, "/v1")) url += "/v1";
  return url + (e == Endpoint::kChat ? "/chat/completions" : "/completions") + query;
}

std::string CompletionRequestBody(Endpoint e, const CompletionRequest& r) {
  json body = json::object();
  body["model"] = r.model;
  if (e == Endpoint::kChat)
    body["messages"] = json::array({json{{"role", "user"}, {"content", r.prompt}}});
  else
    body["prompt"] = r.prompt;
  body["max_tokens"] = r.max_tokens;
  body["temperature"] = 0;
  body["stream"] = true;
  body["stream_options"] = json{{"include_usage", true}};
  if (r.ignore_eos) body["ignore_eos"] = true;
  return body.dump();
}

std::optional<std::string> ErrorMessageOf(const std::string& json_text) {
  json j;
  if (!TryParseJson(json_text, &j)) return std::nullopt;
  return ErrorMessageOfJson(j);
}

CompletionStream::Kind CompletionStream::OnEvent(const SseEvent& e) {
  if (e.data == "[DONE]") {
    done_ = true;
    return Kind::kDone;
  }
  json j;
  if (!TryParseJson(e.data, &j) || !j.is_object()) {
    if (e.event == "error") {  // an error event whose payload is plain text
      error_ = e.data;
      return Kind::kError;
    }
    ++malformed_;
    return Kind::kMalformed;
  }
  if (std::optional<std::string> message = ErrorMessageOfJson(j)) {
    error_ = *message;
    return Kind::kError;
  }
  if (e.event == "error") {
    error_ = e.data;
    return Kind::kError;
  }
  bool chunk = false;
  auto usage = j.find("usage");
  if (usage != j.end() && usage->is_object()) {
    chunk = true;
    if (auto p = Count(*usage, "prompt_tokens")) prompt_tokens_ = p;
    if (auto c = Count(*usage, "completion_tokens")) completion_tokens_ = c;
  }
  bool output = false;
  auto choices = j.find("choices");
  if (choices != j.end() && choices->is_array()) {
    chunk = true;
    for (const json& choice : *choices) {
      if (!choice.is_object()) continue;
      auto delta = choice.find("delta");
      if (delta != choice.end() && delta->is_object())
        output |= NonEmptyString(*delta, "content") ||
                  NonEmptyString(*delta, "reasoning_content") ||
                  NonEmptyString(*delta, "reasoning");
      output |= NonEmptyString(choice, "text");
    }
  }
  if (!chunk) {
    ++malformed_;
    return Kind::kMalformed;
  }
  if (!output) return Kind::kNoOutput;
  ++output_chunks_;
  return Kind::kOutput;
}

}  // namespace plan
