#include <fmt/format.h>

#include "catalog/parse.h"
#include "util/input_limits.h"

namespace plan {

namespace {
const std::vector<std::string>& DtypeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (int i = 0; i < kDtypeCount; ++i) out.push_back(DtypeName(static_cast<Dtype>(i)));
    return out;
  }();
  return names;
}

Dtype ReadDtype(TomlTable& t, const char* key, Dtype fallback, bool required) {
  if (required && !t.raw().get(key)) {
    t.Known({key});
    t.ErrorHere(fmt::format("{} is missing required key '{}'", t.what(), key));
    return fallback;
  }
  std::string name = t.Choice(key, DtypeNames(), DtypeName(fallback));
  return ParseDtype(name).value_or(fallback);
}
}  // namespace

QuantProfile ParseQuant(TomlTable& t) {
  QuantProfile q;
  q.loc = t.Loc();
  q.id = ReadEntryId(t, "quant");
  q.name = t.String("name").value_or(q.id);
  q.weight_bits = t.RequireNumberInRange("weight_bits", 0, limits::kMaxWeightBits, true);
  q.compute_dtype = ReadDtype(t, "compute_dtype", Dtype::kBf16, true);
  q.kv_dtype = ReadDtype(t, "kv_dtype", Dtype::kBf16, true);
  q.activation_dtype = ReadDtype(t, "activation_dtype", q.compute_dtype, false);
  q.quality = t.String("quality").value_or("");
  q.source = t.RequireString("source");
  q.checked = t.RequireString("checked");
  t.Finish();
  return q;
}

}  // namespace plan
