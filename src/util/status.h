// Status and Result<T>: errors as values at module boundaries (leveldb style).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace plan {

// What kind of failure; main() maps it to the process exit code.
enum class StatusCode {
  kOk = 0,
  kRuntime = 1,       // I/O failed, a server misbehaved: exit 1
  kInvalidInput = 2,  // bad usage, bad scenario/catalog/trace: exit 2
  kThreshold = 3,     // a CI gate threshold was crossed: exit 3
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string message) {
    return Status(StatusCode::kInvalidInput, std::move(message));
  }
  static Status Runtime(std::string message) {
    return Status(StatusCode::kRuntime, std::move(message));
  }
  static Status Threshold(std::string message) {
    return Status(StatusCode::kThreshold, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  int exit_code() const { return static_cast<int>(code_); }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace plan

// Early return of a non-ok Status from a function returning Status or Result<T>.
#define PLAN_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::plan::Status plan_status_ = (expr);        \
    if (!plan_status_.ok()) return plan_status_; \
  } while (0)
