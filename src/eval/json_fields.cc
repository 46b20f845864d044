// Typed JSON field access with located errors; see json_fields.h.
#include "eval/json_fields.h"

#include <cmath>

#include "base/utf8.h"
#include "code/codebook.h"

namespace vigie::eval::internal {

namespace {

bool IsUpperAscii(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

}  // namespace

Status ParseJson(std::string_view text, const std::string& file, int first_line, Json* out) {
  try {
    *out = Json::parse(text.begin(), text.end());
    return Status::Ok();
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based, one past the offending byte; turn it into a line.
    size_t byte = e.byte == 0 ? 0 : std::min<size_t>(e.byte - 1, text.size());
    int line = first_line;
    size_t line_start = 0;
    for (size_t i = 0; i < byte; ++i)
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    std::string what = e.what();
    // nlohmann's message: "[json.exception.parse_error.101] parse error at
    // line 1, column 2: syntax error ..."; keep what follows the position.
    size_t colon = what.find(": ", what.find("parse error"));
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return Status(ErrorCode::kMalformedJson, file + ":" + std::to_string(line) + ":" +
                                                 std::to_string(byte - line_start + 1) + ": " +
                                                 what);
  } catch (const Json::exception& e) {
    return Status(ErrorCode::kMalformedJson, file + ":" + std::to_string(first_line) + ": " +
                                                 e.what());
  }
}

Status GetString(const Json& object, const char* key, const JsonPlace& at, bool required,
                 std::string* out) {
  out->clear();
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) return at.Error(ErrorCode::kMissingField, std::string("no \"") + key + "\"");
    return Status::Ok();
  }
  if (!it->is_string()) return at.Field(key).Bad("not a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status GetBool(const Json& object, const char* key, const JsonPlace& at, bool* out) {
  *out = false;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean()) return at.Field(key).Bad("not true or false");
  *out = it->get<bool>();
  return Status::Ok();
}

Status ReadActor(const Json& object, const char* key, const JsonPlace& parent, Actor* out) {
  *out = Actor();
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::Ok();
  JsonPlace at = parent.Field(key);
  if (!it->is_object()) return at.Bad("not an object or null");
  Status s = GetString(*it, "country", at, false, &out->country);
  if (s.ok()) s = GetString(*it, "sector", at, false, &out->sector);
  if (s.ok()) s = GetString(*it, "group", at, false, &out->group);
  if (!s.ok()) return s;
  if (!out->country.empty() && !IsUpperAscii(out->country, 3))
    return at.Field("country").Bad("'" + out->country + "' is not an ISO 3166-1 alpha-3 code");
  return Status::Ok();
}

Status ReadPlace(const Json& object, const JsonPlace& parent, EventPlace* out) {
  *out = EventPlace();
  auto it = object.find("place");
  if (it == object.end() || it->is_null()) return Status::Ok();
  JsonPlace at = parent.Field("place");
  if (!it->is_object()) return at.Bad("not an object or null");
  const Json& p = *it;
  if (auto id = p.find("geonames_id"); id != p.end() && !id->is_null()) {
    if (!id->is_number_integer() || id->get<int64_t>() <= 0 || id->get<int64_t>() > 0xFFFFFFFFll)
      return at.Field("geonames_id").Bad("not a positive whole number");
    out->geonames_id = static_cast<uint32_t>(id->get<int64_t>());
  }
  auto lat = p.find("lat"), lon = p.find("lon");
  bool has_lat = lat != p.end() && !lat->is_null(), has_lon = lon != p.end() && !lon->is_null();
  if (has_lat != has_lon) return at.Bad("\"lat\" and \"lon\" go together");
  if (has_lat) {
    if (!lat->is_number() || !lon->is_number()) return at.Bad("\"lat\" and \"lon\" must be numbers");
    out->lat = lat->get<double>();
    out->lon = lon->get<double>();
    if (!std::isfinite(out->lat) || !std::isfinite(out->lon) || std::fabs(out->lat) > 90 ||
        std::fabs(out->lon) > 180)
      return at.Bad("coordinates outside -90..90, -180..180");
    out->has_coords = true;
  }
  return GetString(p, "name", at, false, &out->name);
}

Status ReadDate(const Json& object, const JsonPlace& parent, std::string* earliest,
                std::string* latest) {
  earliest->clear();
  latest->clear();
  auto it = object.find("date");
  if (it == object.end() || it->is_null()) return Status::Ok();
  JsonPlace at = parent.Field("date");
  if (it->is_string()) {  // a single day
    *earliest = *latest = it->get<std::string>();
  } else if (it->is_object()) {
    Status s = GetString(*it, "earliest", at, true, earliest);
    if (s.ok()) s = GetString(*it, "latest", at, false, latest);
    if (!s.ok()) return s;
    if (latest->empty()) *latest = *earliest;
  } else {
    return at.Bad("not an object {earliest, latest}, a date or null");
  }
  if (!IsIsoDate(*earliest)) return at.Bad("'" + *earliest + "' is not YYYY-MM-DD");
  if (!IsIsoDate(*latest)) return at.Bad("'" + *latest + "' is not YYYY-MM-DD");
  if (*latest < *earliest) return at.Bad("latest " + *latest + " is before earliest " + *earliest);
  return Status::Ok();
}

Status ReadCameo(const Json& value, const JsonPlace& at, std::string* out) {
  out->clear();
  if (value.is_null()) return Status::Ok();
  const Json* code = &value;
  if (value.is_object()) {  // an event record: {"code": "195", "root": "19", ...}
    auto it = value.find("code");
    if (it == value.end()) return at.Error(ErrorCode::kMissingField, "no \"code\"");
    code = &*it;
  }
  if (!code->is_string()) return at.Bad("a CAMEO code is a string of digits (\"195\")");
  std::string s = code->get<std::string>();
  bool digits = s.size() >= 2 && s.size() <= 4;
  for (char c : s) digits = digits && c >= '0' && c <= '9';
  if (!digits) return at.Bad("'" + s + "' is not a CAMEO code (2 to 4 digits)");
  *out = std::move(s);
  return Status::Ok();
}

Status ReadPlover(const Json& object, const JsonPlace& at, const Codebook* codebook,
                  std::string* out) {
  Status s = GetString(object, "plover", at, false, out);
  if (!s.ok()) return s;
  return CanonicalPlover(at.Field("plover"), codebook, out);
}

Status CanonicalPlover(const JsonPlace& at, const Codebook* codebook, std::string* name) {
  if (name->empty() || codebook == nullptr) return Status::Ok();
  std::string canonical = codebook->CanonicalPlover(*name);
  if (canonical.empty()) return at.Bad("unknown PLOVER type '" + *name + "'");
  *name = std::move(canonical);
  return Status::Ok();
}

void ForEachObjectLine(const std::string& path, std::string_view content,
                       const std::function<void(const Json&, const JsonPlace&, int)>& visit,
                       std::vector<Status>* errors) {
  int number = 0;
  for (size_t pos = 0; pos < content.size();) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (utf8::Trim(line).empty()) continue;
    const JsonPlace at{path + ":" + std::to_string(number), ""};
    Json object;
    Status s = ParseJson(line, path, number, &object);
    if (s.ok() && !object.is_object()) s = at.Bad("each line holds one object");
    if (!s.ok()) {
      errors->push_back(std::move(s));
      continue;
    }
    visit(object, at, number);
  }
}

}  // namespace vigie::eval::internal
