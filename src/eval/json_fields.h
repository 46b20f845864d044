// Internal to src/eval: typed access to the fields of a parsed JSON value,
// each failure a Status naming where ("file:12"), the field's path
// ("events[2].date.earliest") and what is wrong.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "eval/gold.h"

namespace vigie {
class Codebook;
}

namespace vigie::eval::internal {

using Json = nlohmann::json;

// Where a value sits: the file (and line) and its path inside the JSON.
struct JsonPlace {
  std::string where;  // "gold/a.gold.json" or "gold/a.jsonl:12"
  std::string path;   // "events[2].date"; "" for the top value

  JsonPlace Field(const std::string& key) const {
    return {where, path.empty() ? key : path + "." + key};
  }
  JsonPlace Index(size_t i) const { return {where, path + "[" + std::to_string(i) + "]"}; }
  Status Error(ErrorCode code, const std::string& what) const {
    return Status(code, where + ": " + (path.empty() ? "" : path + ": ") + what);
  }
  Status Bad(const std::string& what) const { return Error(ErrorCode::kBadField, what); }
};

// Parses text as one JSON value; a syntax error is kMalformedJson naming
// the line and column (counted from first_line).
Status ParseJson(std::string_view text, const std::string& file, int first_line, Json* out);

// Calls visit for each non-blank line of JSON-lines content that parses as
// one object, with where it is ("file:12") and its line number; a BOM before
// the first line is skipped. A line that does not parse, or holds no object,
// is an error appended to *errors, and the reading goes on.
void ForEachObjectLine(const std::string& path, std::string_view content,
                       const std::function<void(const Json&, const JsonPlace&, int)>& visit,
                       std::vector<Status>* errors);

// A string member; absent or null leaves *out empty unless required.
Status GetString(const Json& object, const char* key, const JsonPlace& at, bool required,
                 std::string* out);
// A boolean member; absent or null is false.
Status GetBool(const Json& object, const char* key, const JsonPlace& at, bool* out);

// The shared pieces of gold and system events: actor, place, date, CAMEO
// code, PLOVER name (mapped to its current name when a codebook is given;
// an unknown name is refused then).
Status ReadActor(const Json& object, const char* key, const JsonPlace& at, Actor* out);
Status ReadPlace(const Json& object, const JsonPlace& at, EventPlace* out);
Status ReadDate(const Json& object, const JsonPlace& at, std::string* earliest,
                std::string* latest);
Status ReadCameo(const Json& value, const JsonPlace& at, std::string* out);
Status ReadPlover(const Json& object, const JsonPlace& at, const Codebook* codebook,
                  std::string* out);
// *name mapped to its current PLOVER name; at names the field.
Status CanonicalPlover(const JsonPlace& at, const Codebook* codebook, std::string* name);

}  // namespace vigie::eval::internal
