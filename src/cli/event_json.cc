// The event record of `vigie code` (the contract in DESIGN.md): one JSON
// object per event, every field with its evidence, written straight to the
// output (json_writer.h): no JSON tree per event.
#include <cmath>
#include <cstring>

#include "base/utf8.h"
#include "cli/app.h"
#include "cli/json_writer.h"

namespace vigie::cli {

namespace {

// Whether one of 8 bytes is a control character (below 0x20), '"' or '\\':
// the classic test for a zero byte, on the bytes and on their differences
// from '"' and '\\'; bytes of 0x80 and above never count.
bool NeedsEscape8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, p, 8);
  const uint64_t quote = x ^ (kOnes * '"'), backslash = x ^ (kOnes * '\\');
  const uint64_t found = (x - kOnes * 0x20) | (quote - kOnes) | (backslash - kOnes);
  return (found & ~x & kHigh) != 0;
}

}  // namespace

void JsonWriter::String(std::string_view s) {
  // Not UTF-8: nlohmann's own replacement of the bad bytes (never in a
  // document's text, which is UTF-8 by then; kept for the ids and paths).
  if (utf8::FindInvalid(s).has_value()) {
    *out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  *out_ += '"';
  size_t plain = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time past those that need no escape (most of them).
    while (i + 8 <= s.size() && !NeedsEscape8(s.data() + i)) i += 8;
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_->append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': *out_ += "\\\""; break;
      case '\\': *out_ += "\\\\"; break;
      case '\b': *out_ += "\\b"; break;
      case '\t': *out_ += "\\t"; break;
      case '\n': *out_ += "\\n"; break;
      case '\f': *out_ += "\\f"; break;
      case '\r': *out_ += "\\r"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        *out_ += buf;
      }
    }
  }
  out_->append(s.data() + plain, s.size() - plain);
  *out_ += '"';
}

namespace {

void WriteEvidence(JsonWriter& w, const Document& doc, const Evidence& e) {
  w.BeginObject();
  w.Key("text");
  w.Str(doc.Slice(e.span));
  w.Key("begin");
  w.Int(e.span.begin);
  w.Key("end");
  w.Int(e.span.end);
  if (!e.span.empty()) {
    const Span raw = doc.ToRaw(e.span);
    w.Key("raw_begin");
    w.Int(raw.begin);
    w.Key("raw_end");
    w.Int(raw.end);
  }
  w.Key("rule");
  w.Str(e.rule);
  w.EndObject();
}

void WriteActor(JsonWriter& w, const EventActor& a) {
  if (a.empty()) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("name");
  w.Str(a.text);
  w.Key("country");
  w.StrOrNull(a.country);
  w.Key("sector");
  w.StrOrNull(a.sector);
  w.Key("group");
  w.StrOrNull(a.group);
  w.EndObject();
}

// One event record.
void WriteEvent(std::string* out, const Document& doc, size_t i) {
  const Event& e = doc.events[i];
  JsonWriter w(out);
  w.BeginObject();
  w.Key("id");
  std::string id = doc.id;
  id += '#';
  id += std::to_string(i + 1);
  w.Str(id);
  w.Key("article_ids");
  w.BeginArray();
  w.Str(doc.id);
  w.EndArray();
  w.Key("cameo");
  w.BeginObject();
  w.Key("code");
  w.Str(e.cameo);
  w.Key("root");
  w.Str(std::string_view(e.cameo).substr(0, 2));
  w.Key("quad_class");
  if (e.quad_class == 0) w.Null();
  else w.Int(e.quad_class);
  w.Key("goldstein");
  if (e.quad_class == 0) w.Null();
  else w.Double(e.goldstein);
  w.EndObject();
  w.Key("plover");
  w.StrOrNull(e.plover);
  w.Key("acled");
  if (e.acled_type.empty()) {
    w.Null();
  } else {
    w.BeginObject();
    w.Key("event_type");
    w.Str(e.acled_type);
    w.Key("sub_event_type");
    w.StrOrNull(e.acled_subtype);
    w.EndObject();
  }
  w.Key("source");
  WriteActor(w, e.source);
  w.Key("target");
  WriteActor(w, e.target);
  w.Key("place");
  if (e.place >= 0) {
    const Place& p = doc.places[e.place];
    w.BeginObject();
    w.Key("geonames_id");
    if (p.geonames_id == 0) w.Null();
    else w.Int(p.geonames_id);
    w.Key("code");
    w.StrOrNull(p.code);
    w.Key("name");
    w.Str(p.name);
    w.Key("admin1");
    w.StrOrNull(p.admin1);
    w.Key("admin1_code");
    w.StrOrNull(p.admin1_code);
    w.Key("country");
    w.Str(p.country);
    w.Key("lat");
    w.Double(std::round(p.lat * 1e4) / 1e4);
    w.Key("lon");
    w.Double(std::round(p.lon * 1e4) / 1e4);
    w.Key("precision");
    w.Str(PlacePrecisionName(p.precision));
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("date");
  w.BeginObject();
  w.Key("earliest");
  w.StrOrNull(e.earliest);
  w.Key("latest");
  w.StrOrNull(e.latest);
  w.EndObject();
  w.Key("claims");
  w.BeginArray();
  for (const Claim& c : e.claims) {
    w.BeginObject();
    w.Key("quantity");
    w.Str(c.quantity);
    w.Key("value");
    if (!c.has_value) w.Null();
    else if (c.value == std::floor(c.value) && std::fabs(c.value) < 1e15) w.Int(static_cast<int64_t>(c.value));
    else w.Double(c.value);
    w.Key("qualifier");
    w.Str(QualifierName(c.qualifier));
    w.Key("claimed_by");
    w.StrOrNull(c.claimed_by);
    w.EndObject();
  }
  w.EndArray();
  w.Key("modality");
  w.Str(ModalityName(e.modality));
  w.Key("claimed_by");
  w.StrOrNull(e.claimed_by);
  w.Key("background");
  w.Bool(e.background);
  w.Key("lead");
  w.Bool(InLeadParagraph(doc, e));
  w.Key("sentence");
  w.Int(e.sentence + int64_t{1});  // 1-based, in the article
  w.Key("confidence");
  w.Double(std::round(e.confidence * 100) / 100);
  w.Key("evidence");
  w.BeginObject();
  w.Key("trigger");
  WriteEvidence(w, doc, e.trigger);
  w.Key("source");
  if (e.source.empty()) w.Null();
  else WriteEvidence(w, doc, e.source.evidence);
  w.Key("target");
  if (e.target.empty()) w.Null();
  else WriteEvidence(w, doc, e.target.evidence);
  w.Key("place");
  if (e.place < 0) w.Null();
  else WriteEvidence(w, doc, e.place_evidence);
  w.Key("date");
  WriteEvidence(w, doc, e.date_evidence);
  w.Key("claimed_by");
  if (e.claimed_by.empty()) w.Null();
  else WriteEvidence(w, doc, e.speaker_evidence);
  w.Key("claims");
  w.BeginArray();
  for (const Claim& c : e.claims) WriteEvidence(w, doc, c.evidence);
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

}  // namespace

void AppendEventLines(const Document& doc, std::string* out) {
  if (!doc.status.ok()) {
    *out += ExtractJson(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    *out += '\n';
    return;
  }
  for (size_t i = 0; i < doc.events.size(); ++i) {
    WriteEvent(out, doc, i);
    *out += '\n';
  }
}

std::vector<std::string> EventRecords(const Document& doc) {
  std::vector<std::string> records;
  if (!doc.status.ok()) {
    records.push_back(ExtractJson(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return records;
  }
  for (size_t i = 0; i < doc.events.size(); ++i) WriteEvent(&records.emplace_back(), doc, i);
  return records;
}

}  // namespace vigie::cli
