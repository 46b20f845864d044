// Reading gold files: *.gold.json with its text, vigie's JSON-lines gold,
// and the PLOVER GSR; see gold.h for the formats. The PETRARCH XML and
// CASE 2021 readers are in petrarch_gsr.cc and case2021.cc.
//
// Every reader parses with nlohmann/json, then checks each field it uses
// (json_fields.h), so a bad value is reported with the file, the line or
// record, and the path of the field ("events[2].date.earliest").
#include "eval/gold.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <set>

#include "base/data_file.h"
#include "base/utf8.h"
#include "code/codebook.h"
#include "eval/case2021.h"
#include "eval/json_fields.h"
#include "eval/petrarch_gsr.h"

namespace vigie::eval {

using internal::Json;
using internal::JsonPlace;

namespace fs = std::filesystem;

std::string Actor::Key() const {
  if (!group.empty()) return group;
  if (country.empty() && sector.empty()) return "-";
  if (sector.empty()) return country;
  return (country.empty() ? "---" : country) + " " + sector;
}

std::string GoldDocument::Where() const {
  return line > 0 ? path + ":" + std::to_string(line) : path;
}

bool IsIsoDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  int month = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

namespace {

// One gold event of the gold schema.
Status ReadGoldEvent(const Json& e, const JsonPlace& at, const Codebook* codebook, size_t index,
                     GoldEvent* out) {
  if (!e.is_object()) return at.Bad("an event is an object");
  Status s = internal::GetString(e, "id", at, false, &out->id);
  if (!s.ok()) return s;
  if (out->id.empty()) out->id = "E" + std::to_string(index + 1);
  if (auto c = e.find("cameo"); c != e.end()) s = internal::ReadCameo(*c, at.Field("cameo"), &out->cameo);
  if (s.ok()) s = internal::ReadPlover(e, at, codebook, &out->plover);
  if (s.ok()) s = internal::ReadActor(e, "source", at, &out->source);
  if (s.ok()) s = internal::ReadActor(e, "target", at, &out->target);
  if (s.ok()) s = internal::ReadPlace(e, at, &out->place);
  if (s.ok()) s = internal::ReadDate(e, at, &out->earliest, &out->latest);
  if (s.ok()) s = internal::GetBool(e, "required", at, &out->required);
  if (s.ok()) s = internal::GetBool(e, "background", at, &out->background);
  if (s.ok()) s = internal::GetString(e, "what", at, false, &out->what);
  if (!s.ok()) return s;
  if (out->cameo.empty() && out->plover.empty())
    return at.Error(ErrorCode::kMissingField, "an event needs \"cameo\" or \"plover\"");
  return Status::Ok();
}

// The "events" array of a document, and the kind of scoring it calls for:
// by events when any event has a CAMEO code (then all must), by PLOVER
// labels when none has.
Status ReadGoldEvents(const Json& doc, const JsonPlace& at, const Codebook* codebook,
                      GoldDocument* out) {
  auto it = doc.find("events");
  if (it == doc.end()) return at.Error(ErrorCode::kMissingField, "no \"events\"");
  if (!it->is_array()) return at.Field("events").Bad("not an array");
  std::set<std::string> ids;
  bool any_cameo = false;
  for (size_t i = 0; i < it->size(); ++i) {
    GoldEvent e;
    Status s = ReadGoldEvent((*it)[i], at.Field("events").Index(i), codebook, i, &e);
    if (!s.ok()) return s;
    if (!ids.insert(e.id).second) return at.Field("events").Index(i).Bad("id '" + e.id + "' used twice");
    any_cameo = any_cameo || !e.cameo.empty();
    out->events.push_back(std::move(e));
  }
  out->kind = any_cameo || out->events.empty() ? GoldKind::kEvents : GoldKind::kPloverLabels;
  if (out->kind == GoldKind::kEvents) {
    for (size_t i = 0; i < out->events.size(); ++i)
      if (out->events[i].cameo.empty())
        return at.Field("events").Index(i).Error(
            ErrorCode::kMissingField,
            "no \"cameo\" (when one event of a document has a CAMEO code, all need one)");
  }
  return Status::Ok();
}

// "published", "lang" and the text of a document.
Status ReadArticleFields(const Json& doc, const JsonPlace& at, GoldDocument* out) {
  Status s = internal::GetString(doc, "published", at, false, &out->published);
  if (s.ok() && !out->published.empty() && !IsIsoDate(out->published))
    s = at.Field("published").Bad("'" + out->published + "' is not YYYY-MM-DD");
  if (s.ok()) s = internal::GetString(doc, "lang", at, false, &out->lang);
  return s;
}

std::string StemOf(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  for (const char* suffix : {".gold.jsonl", ".gold.json", ".jsonl", ".json", ".txt"})
    if (name.size() > std::strlen(suffix) && name.ends_with(suffix))
      return name.substr(0, name.size() - std::strlen(suffix));
  return name;
}

Status CheckText(const std::string& text, const JsonPlace& at) {
  if (auto bad = utf8::FindInvalid(text)) return at.Bad("text is not UTF-8 at byte " + std::to_string(*bad));
  if (utf8::Trim(text).empty()) return at.Error(ErrorCode::kEmptyInput, "the text is empty");
  return Status::Ok();
}

}  // namespace

void ParseGoldJson(const std::string& path, std::string_view content, const Codebook* codebook,
                   const TextLoader& read_text, GoldSet* set) {
  Json doc;
  Status s = internal::ParseJson(content, path, 1, &doc);
  if (!s.ok()) {
    set->errors.push_back(std::move(s));
    return;
  }
  JsonPlace at{path, ""};
  if (!doc.is_object()) {
    set->errors.push_back(at.Bad("a .gold.json file holds one object"));
    return;
  }
  GoldDocument g;
  g.path = path;
  std::string text_file;
  s = internal::GetString(doc, "id", at, false, &g.id);
  if (s.ok()) s = ReadArticleFields(doc, at, &g);
  if (s.ok()) s = internal::GetString(doc, "text", at, false, &g.text);
  if (s.ok()) s = internal::GetString(doc, "text_file", at, false, &text_file);
  if (s.ok() && g.text.empty()) {
    if (text_file.empty()) {
      s = at.Error(ErrorCode::kMissingField, "no \"text_file\" and no \"text\"");
    } else if (text_file.find('/') != std::string::npos || text_file == "..") {
      s = at.Field("text_file").Bad("'" + text_file + "' must name a file beside the gold file");
    } else {
      std::string text_path = (fs::path(path).parent_path() / text_file).string();
      auto text = read_text(text_path);
      if (!text.ok())
        s = Status(ErrorCode::kIoError, path + ": text_file: " + text.status().message());
      else
        g.text = std::move(*text);
    }
  }
  if (s.ok()) s = CheckText(g.text, at);
  if (s.ok()) s = ReadGoldEvents(doc, at, codebook, &g);
  if (!s.ok()) {
    set->errors.push_back(std::move(s));
    return;
  }
  if (g.id.empty()) g.id = StemOf(path);
  if (!text_file.empty() && StemOf(text_file) != g.id) g.aliases.push_back(StemOf(text_file));
  set->documents.push_back(std::move(g));
}

void ParseGoldJsonLines(const std::string& path, std::string_view content,
                        const Codebook* codebook, GoldSet* set) {
  std::map<std::string, int> seen;  // id -> line
  internal::ForEachObjectLine(path, content, [&](const Json& doc, const JsonPlace& at, int number) {
    GoldDocument g;
    g.path = path;
    g.line = number;
    Status s = internal::GetString(doc, "id", at, true, &g.id);
    if (s.ok() && g.id.empty()) s = at.Field("id").Bad("empty");
    if (s.ok()) s = internal::GetString(doc, "text", at, true, &g.text);
    if (s.ok()) s = CheckText(g.text, at);
    if (s.ok()) s = ReadArticleFields(doc, at, &g);
    if (s.ok()) s = ReadGoldEvents(doc, at, codebook, &g);
    if (s.ok()) {
      auto [it, inserted] = seen.emplace(g.id, number);
      if (!inserted)
        s = at.Field("id").Bad("'" + g.id + "' already used at line " + std::to_string(it->second));
    }
    if (!s.ok()) {
      set->errors.push_back(std::move(s));
      return;
    }
    set->documents.push_back(std::move(g));
  }, &set->errors);
}

void ParsePloverGsr(const std::string& path, std::string_view content, const Codebook* codebook,
                    GoldSet* set) {
  Json records;
  Status s = internal::ParseJson(content, path, 1, &records);
  if (!s.ok()) {
    set->errors.push_back(std::move(s));
    return;
  }
  if (!records.is_array()) {
    set->errors.push_back(JsonPlace{path, ""}.Bad("a PLOVER GSR file holds an array of records"));
    return;
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& r = records[i];
    JsonPlace at{path + ": record " + std::to_string(i + 1), ""};
    GoldDocument g;
    g.path = path;
    g.line = static_cast<int>(i + 1);
    g.kind = GoldKind::kPloverLabels;
    GoldEvent e;
    s = r.is_object() ? Status::Ok() : at.Bad("a record is an object");
    if (s.ok()) s = internal::GetString(r, "id", at, true, &g.id);
    if (s.ok()) s = internal::GetString(r, "event", at, true, &e.plover);
    if (s.ok() && e.plover == "DOCUMENT") continue;  // the file's own documentation
    if (s.ok()) s = internal::CanonicalPlover(at.Field("event"), codebook, &e.plover);
    if (s.ok()) s = internal::GetString(r, "text", at, true, &g.text);
    if (s.ok()) s = CheckText(g.text, at);
    if (s.ok()) s = internal::GetString(r, "date", at, false, &g.published);
    if (s.ok() && !g.published.empty() && !IsIsoDate(g.published))
      s = at.Field("date").Bad("'" + g.published + "' is not YYYY-MM-DD");
    if (s.ok()) s = internal::GetString(r, "language", at, false, &g.lang);
    if (!s.ok()) {
      set->errors.push_back(std::move(s));
      continue;
    }
    if (e.plover.empty()) {
      set->errors.push_back(at.Field("event").Bad("empty PLOVER type"));
      continue;
    }
    if (!ids.insert(g.id).second) {  // the 2016 GSR has one: keep the sentence, rename it
      std::string renamed = g.id + "~" + std::to_string(i + 1);
      set->warnings.push_back(at.where + ": id '" + g.id + "' used twice; this one is read as '" +
                              renamed + "'");
      g.id = renamed;
    }
    // The first actor code of each side ("LBY", "USAGOV"): scored only by
    // the actor share, never by the labels.
    for (const bool source : {true, false}) {
      const auto side = r.find(source ? "source" : "target");
      if (side == r.end() || !side->is_array() || side->empty() || !(*side)[0].is_object()) continue;
      const auto code = (*side)[0].find("code");
      if (code != (*side)[0].end() && code->is_string())
        (source ? e.source : e.target) = ActorOfCameoCode(code->get<std::string>());
    }
    e.id = "E1";
    g.events.push_back(std::move(e));
    set->documents.push_back(std::move(g));
  }
}

namespace {

Result<std::string> ReadWholeFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text;
  if (text->size() > (256u << 20))
    return Status(ErrorCode::kTooLarge, path + ": larger than 256 MiB");
  return text;
}

// The first non-blank byte of a text, after a BOM.
char FirstByte(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  return '\0';
}

void ReadGoldFile(const std::string& path, const Codebook* codebook, GoldSet* set) {
  auto content = ReadWholeFile(path);
  if (!content.ok()) {
    set->errors.push_back(content.status());
    return;
  }
  std::string_view text = *content;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (path.ends_with(".gold.json")) {
    ParseGoldJson(path, text, codebook, ReadWholeFile, set);
  } else if (FirstByte(text) == '[') {
    ParsePloverGsr(path, text, codebook, set);
  } else if (FirstByte(text) == '<') {
    ParsePetrarchGsr(path, text, set);
  } else if (path.ends_with(".tsv") || IsCase2021Header(text.substr(0, text.find('\n')))) {
    ParseCase2021(path, text, set);
  } else {
    ParseGoldJsonLines(path, text, codebook, set);
  }
}

// In a directory: *.gold.json, *.gold.jsonl, *.txt / *.json files that
// hold a PLOVER GSR array (they open with '[' and name PLOVER early on),
// and *.tsv files that open with the CASE 2021 header.
bool IsGoldInDirectory(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.ends_with(".gold.json") || name.ends_with(".gold.jsonl")) return true;
  bool tsv = name.ends_with(".tsv");
  if (!tsv && !name.ends_with(".txt") && !name.ends_with(".json")) return false;
  std::ifstream in(p, std::ios::binary);
  std::string buffer(4096, '\0');
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  std::string_view head = std::string_view(buffer).substr(0, static_cast<size_t>(in.gcount()));
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  if (tsv) return IsCase2021Header(head.substr(0, head.find('\n')));
  return FirstByte(head) == '[' && head.find("PLOVER") != std::string_view::npos;
}

}  // namespace

void ReadGold(const std::string& path, const Codebook* codebook, GoldSet* set) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    if (!fs::exists(path, ec)) {
      set->errors.push_back(Status(ErrorCode::kIoError, path + ": no such file or directory"));
      return;
    }
    ReadGoldFile(path, codebook, set);
    return;
  }
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && IsGoldInDirectory(it->path())) files.push_back(it->path().string());
  }
  if (ec) set->errors.push_back(Status(ErrorCode::kIoError, path + ": " + ec.message()));
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) ReadGoldFile(f, codebook, set);
}

}  // namespace vigie::eval
