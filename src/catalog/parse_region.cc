#include <fmt/format.h>

#include "catalog/parse.h"
#include "util/input_limits.h"

namespace plan {

Region ParseRegion(TomlTable& t) {
  Region r;
  r.loc = t.Loc();
  r.id = ReadEntryId(t, "region");
  r.name = t.String("name").value_or(r.id);
  r.jurisdiction = t.RequireString("jurisdiction");
  r.source = t.RequireString("source");
  r.checked = t.RequireString("checked");
  t.Finish();
  return r;
}

RegionLink ParseRegionLink(TomlTable& t) {
  RegionLink l;
  l.loc = t.Loc();
  l.from = t.RequireString("from");
  l.to = t.RequireString("to");
  l.from_loc = t.KeyLoc("from");
  l.to_loc = t.KeyLoc("to");
  t.set_what(fmt::format("rtt '{}' -> '{}'", l.from, l.to));
  l.rtt_s = t.RequireNumberInRange("ms", 0, limits::kMaxSeconds * 1e3) * 1e-3;
  l.source = t.RequireString("source");
  l.checked = t.RequireString("checked");
  t.Finish();
  return l;
}

}  // namespace plan
