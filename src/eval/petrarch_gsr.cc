// The record scanner of PETRARCH validation XML and the per-sentence CAMEO
// figures; see petrarch_gsr.h.
#include "eval/petrarch_gsr.h"


#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>
#include <map>
#include <set>

#include "base/countries.h"
#include "base/utf8.h"

namespace vigie::eval {

namespace {

// One record of the file: where it is and what it holds, cut out.
struct Record {
  int line = 0;    // of its <Sentence tag
  size_t number = 0;
  std::string_view tag;   // the start tag's inside: ` category="AFP" id="X" .../`
  std::string_view body;  // up to </Sentence>, the next <Sentence or </Sentences>
  bool tag_closed = true; // false when no '>' ends the start tag
  std::string_view after; // after its </Sentence>, up to the next record
  int after_line = 0;
};

bool IsNameEnd(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>'; }

// The next "<Sentence" start tag at or after `from` ("<Sentences" is not one).
size_t FindSentenceTag(std::string_view s, size_t from) {
  static constexpr std::string_view kTag = "<Sentence";
  for (size_t p = s.find(kTag, from); p != std::string_view::npos; p = s.find(kTag, p + 1))
    if (p + kTag.size() < s.size() && IsNameEnd(s[p + kTag.size()])) return p;
  return std::string_view::npos;
}

std::vector<Record> CutRecords(std::string_view content) {
  std::vector<Record> out;
  size_t p = FindSentenceTag(content, 0);
  size_t first = std::min(p, content.size());
  int line = 1 + static_cast<int>(std::count(content.begin(), content.begin() + first, '\n'));
  while (p != std::string_view::npos) {
    size_t next = FindSentenceTag(content, p + 1);
    size_t end = std::min(next, content.size());
    if (size_t close = content.substr(0, end).find("</Sentences>", p); close != std::string_view::npos)
      end = close;
    Record r;
    r.line = line;
    r.number = out.size() + 1;
    std::string_view all = content.substr(p, end - p);
    size_t gt = all.find('>');
    // A '<' before the '>' means the tag was cut short.
    size_t lt = all.find('<', 1);
    if (gt == std::string_view::npos || (lt != std::string_view::npos && lt < gt)) {
      r.tag_closed = false;
      r.tag = all.substr(9, (lt == std::string_view::npos ? all.size() : lt) - 9);
      r.body = lt == std::string_view::npos ? std::string_view() : all.substr(lt);
    } else {
      r.tag = all.substr(9, gt - 9);
      r.body = all.substr(gt + 1);
    }
    if (size_t close = r.body.find("</Sentence>"); close != std::string_view::npos) {
      r.after = r.body.substr(close + 11);
      r.after_line = line + static_cast<int>(std::count(all.data(), r.after.data(), '\n'));
      r.body = r.body.substr(0, close);
    }
    out.push_back(r);
    if (next != std::string_view::npos)
      line += static_cast<int>(std::count(content.begin() + p, content.begin() + next, '\n'));
    p = next;
  }
  return out;
}

// The five predefined entities and numeric references; anything else is
// kept as written.
std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    static const std::map<std::string_view, char> kNamed = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    if (auto it = kNamed.find(name); it != kNamed.end()) {
      out += it->second;
    } else if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string digits(name.substr(hex ? 2 : 1));
      char* end = nullptr;
      unsigned long c = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (digits.empty() || *end != '\0' || c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        out += s.substr(i, semi - i + 1);
      } else {
        utf8::Append(static_cast<char32_t>(c), &out);
      }
    } else {
      out += s.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// The text of a sentence on one line: runs of white space become one space.
std::string OneLine(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : utf8::Trim(s)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// name="value" pairs of a tag's inside (single or double quotes). Returns
// "" or what is wrong.
std::string ReadAttributes(std::string_view tag, std::map<std::string, std::string>* out) {
  size_t i = 0;
  auto skip = [&] {
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\r' || tag[i] == '\n')) ++i;
  };
  while (true) {
    skip();
    if (i >= tag.size() || tag[i] == '/') return "";
    size_t name_begin = i;
    while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) || tag[i] == '_' ||
                              tag[i] == '-' || tag[i] == ':'))
      ++i;
    if (i == name_begin) return "unexpected '" + std::string(1, tag[i]) + "' in a tag";
    std::string name(tag.substr(name_begin, i - name_begin));
    skip();
    if (i >= tag.size() || tag[i] != '=') return "attribute '" + name + "' has no value";
    ++i;
    skip();
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) return "attribute '" + name + "' is not quoted";
    char quote = tag[i++];
    size_t close = tag.find(quote, i);
    if (close == std::string_view::npos) return "the value of attribute '" + name + "' is not closed";
    (*out)[name] = DecodeEntities(tag.substr(i, close - i));
    i = close + 1;
  }
}

// The body without its comments; "" in *error, or what is wrong.
std::string WithoutComments(std::string_view body, std::string* error) {
  std::string out;
  size_t p = 0;
  while (true) {
    size_t open = body.find("<!--", p);
    if (open == std::string_view::npos) break;
    out += body.substr(p, open - p);
    size_t close = body.find("-->", open + 4);
    if (close == std::string_view::npos) {
      *error = "a comment (<!--) is not closed";
      return out;
    }
    p = close + 3;
  }
  out += body.substr(p);
  return out;
}

// "042", "10", "190_use_conventional_military_force" (the Spanish files):
// the leading 2 to 4 digits.
bool ReadEventCode(const std::string& value, std::string* code) {
  size_t n = 0;
  while (n < value.size() && value[n] >= '0' && value[n] <= '9') ++n;
  if (n < 2 || n > 4 || (n < value.size() && value[n] != '_')) return false;
  int root = (value[0] - '0') * 10 + (value[1] - '0');
  if (root < 1 || root > 20) return false;
  *code = value.substr(0, n);
  return true;
}

// The sentence spelt by the CoNLL-U lines of a <Parse>: the forms of its
// words, a space after each unless its MISC says SpaceAfter=No; "" when
// there is no <Parse>. Multiword-token lines ("3-4") are skipped.
std::string WordsOfParse(std::string_view body) {
  size_t open = body.find("<Parse>");
  if (open == std::string_view::npos) return "";
  size_t close = body.find("</Parse>", open);
  std::string_view parse =
      body.substr(open + 7, close == std::string_view::npos ? std::string_view::npos : close - open - 7);
  std::string out;
  bool space = false;
  for (size_t p = 0; p < parse.size();) {
    size_t nl = parse.find('\n', p);
    std::string_view line = parse.substr(p, nl == std::string_view::npos ? std::string_view::npos : nl - p);
    p = nl == std::string_view::npos ? parse.size() : nl + 1;
    std::vector<std::string_view> fields;
    for (size_t q = 0; q <= line.size();) {
      size_t tab = line.find('\t', q);
      fields.push_back(line.substr(q, tab == std::string_view::npos ? std::string_view::npos : tab - q));
      if (tab == std::string_view::npos) break;
      q = tab + 1;
    }
    if (fields.size() < 10 || fields[0].empty() || !std::isdigit(static_cast<unsigned char>(fields[0][0])) ||
        fields[0].find_first_of("-.") != std::string_view::npos)
      continue;
    if (space) out += ' ';
    out += fields[1];
    space = fields[9].find("SpaceAfter=No") == std::string_view::npos;
  }
  return std::string(utf8::Trim(out));
}

// One record read into *g; returns the error, or Ok. *skip is set for
// records marked evaluate="false".
Status ReadRecord(const std::string& path, const Record& r, GoldDocument* g, bool* skip,
                  std::vector<std::string>* warnings) {
  std::string where = path + ":" + std::to_string(r.line) + ": record " + std::to_string(r.number);
  auto fail = [&](ErrorCode code, const std::string& what) {
    return Status(code, where + (g->id.empty() ? "" : " (id " + g->id + ")") + ": " + what);
  };
  std::map<std::string, std::string> attributes;
  std::string bad = ReadAttributes(r.tag, &attributes);
  if (auto id = attributes.find("id"); id != attributes.end()) g->id = id->second;
  if (!r.tag_closed) return fail(ErrorCode::kMalformedRecord, "the <Sentence> tag is not closed by '>'");
  if (!bad.empty()) return fail(ErrorCode::kMalformedRecord, "<Sentence>: " + bad);
  if (g->id.empty()) return fail(ErrorCode::kMissingField, "<Sentence> has no id");
  if (auto e = attributes.find("evaluate");
      e != attributes.end() && (e->second == "false" || e->second == "False")) {
    *skip = true;
    return Status::Ok();
  }
  g->lang = "en";
  if (auto l = attributes.find("lang"); l != attributes.end() && !l->second.empty()) g->lang = l->second;
  if (auto d = attributes.find("date"); d != attributes.end()) {
    const std::string& v = d->second;
    std::string iso = v.size() == 8 ? v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2) : "";
    if (IsIsoDate(iso))
      g->published = iso;
    else
      warnings->push_back(where + " (id " + g->id + "): date '" + v + "' is not YYYYMMDD; read undated");
  }

  std::string error;
  std::string body = WithoutComments(r.body, &error);
  if (!error.empty()) return fail(ErrorCode::kMalformedRecord, error);

  bool noevents = false, any_coding = false;
  for (size_t p = body.find("<EventCoding"); p != std::string::npos; p = body.find("<EventCoding", p + 1)) {
    size_t gt = body.find('>', p);
    size_t lt = body.find('<', p + 1);
    if (gt == std::string::npos || (lt != std::string::npos && lt < gt))
      return fail(ErrorCode::kMalformedRecord, "an <EventCoding> tag is not closed by '>'");
    std::map<std::string, std::string> a;
    bad = ReadAttributes(std::string_view(body).substr(p + 12, gt - p - 12), &a);
    if (!bad.empty()) return fail(ErrorCode::kMalformedRecord, "<EventCoding>: " + bad);
    any_coding = true;
    if (auto n = a.find("noevents"); n != a.end() && (n->second == "True" || n->second == "true")) {
      noevents = true;
      continue;
    }
    GoldEvent e;
    auto code = a.find("eventcode");
    if (code == a.end()) return fail(ErrorCode::kMissingField, "an <EventCoding> has no eventcode");
    if (!ReadEventCode(code->second, &e.cameo))
      return fail(ErrorCode::kBadField, "eventcode '" + code->second + "' is not a CAMEO code");
    std::string source = a.count("sourcecode") ? a["sourcecode"] : "";
    std::string target = a.count("targetcode") ? a["targetcode"] : "";
    e.source = ActorOfCameoCode(source);
    e.target = ActorOfCameoCode(target);
    e.id = "E" + std::to_string(g->events.size() + 1);
    e.what = (source.empty() ? "-" : source) + " -> " + (target.empty() ? "-" : target);
    g->events.push_back(std::move(e));
  }
  if (!any_coding) return fail(ErrorCode::kMalformedRecord, "no <EventCoding> (not even noevents)");
  if (noevents && !g->events.empty())
    warnings->push_back(where + " (id " + g->id + "): noevents beside " +
                        std::to_string(g->events.size()) + " coded event(s); the events are read");

  size_t open = body.find("<Text>");
  if (open == std::string::npos) return fail(ErrorCode::kMissingField, "no <Text>");
  size_t close = body.find("</Text>", open);
  if (close == std::string::npos) return fail(ErrorCode::kMalformedRecord, "<Text> is not closed");
  std::string_view raw = std::string_view(body).substr(open + 6, close - open - 6);
  if (raw.find('<') != std::string_view::npos)
    return fail(ErrorCode::kMalformedRecord, "a tag inside <Text>");
  if (auto invalid = utf8::FindInvalid(raw))
    return fail(ErrorCode::kInvalidUtf8, "the text is not UTF-8 at byte " + std::to_string(*invalid));
  g->text = OneLine(DecodeEntities(raw));
  if (g->text.empty()) {
    // One record of the 2018 file has an empty <Text> but its words in <Parse>.
    g->text = WordsOfParse(body);
    if (g->text.empty()) return fail(ErrorCode::kEmptyInput, "the text is empty (and no <Parse> words)");
    warnings->push_back(where + " (id " + g->id + "): empty <Text>; the words of its <Parse> are read");
  }
  return Status::Ok();
}

std::string Side(const Actor& a) { return a.country.empty() ? "-" : a.country; }

}  // namespace

void ParsePetrarchGsr(const std::string& path, std::string_view content, GoldSet* set) {
  std::vector<Record> records = CutRecords(content);
  if (records.empty()) {
    set->errors.push_back(Status(ErrorCode::kMalformedRecord, path + ": no <Sentence> record"));
    return;
  }
  std::set<std::string> ids;
  for (const Record& r : records) {
    GoldDocument g;
    g.path = path;
    g.line = r.line;
    g.kind = GoldKind::kCameoSentence;
    bool skip = false;
    Status s = ReadRecord(path, r, &g, &skip, &set->warnings);
    // A record that lost its <Sentence> tag would otherwise vanish here.
    if (r.after.find("<EventCoding") != std::string_view::npos ||
        r.after.find("<Text>") != std::string_view::npos)
      set->errors.push_back(Status(ErrorCode::kMalformedRecord,
                                   path + ":" + std::to_string(r.after_line) + ": after record " +
                                       std::to_string(r.number) + (g.id.empty() ? "" : " (id " + g.id + ")") +
                                       ": <EventCoding> or <Text> outside any <Sentence>"));
    if (!s.ok()) {
      set->errors.push_back(std::move(s));
      continue;
    }
    if (skip) continue;
    if (!ids.insert(g.id).second) {
      std::string renamed = g.id + "~" + std::to_string(r.number);
      set->warnings.push_back(path + ":" + std::to_string(r.line) + ": record " + std::to_string(r.number) +
                              ": id '" + g.id + "' used twice; this one is read as '" + renamed + "'");
      g.id = renamed;
    }
    set->documents.push_back(std::move(g));
  }
}

bool IsIsoAlpha3(std::string_view code) { return code.size() == 3 && !CountryIso2(code).empty(); }

Actor ActorOfCameoCode(std::string_view code) {
  Actor a;
  if (code.size() < 3) return a;
  std::string_view head = code.substr(0, 3), sector = code.size() >= 6 ? code.substr(3, 3) : "";
  if (head == "---" || IsIsoAlpha3(head)) {
    if (head != "---") a.country = std::string(head);
    a.sector = std::string(sector);
  }
  return a;
}

std::string RootKey(const EventFacts& e) { return e.cameo.substr(0, std::min<size_t>(2, e.cameo.size())); }

std::string TripleKey(const EventFacts& e) {
  return RootKey(e) + " " + Side(e.source) + " " + Side(e.target);
}

std::vector<std::string> TripleKeys(const std::vector<GoldEvent>& events) {
  std::vector<std::string> out;
  for (const GoldEvent& e : events)
    if (e.cameo.size() >= 2) out.push_back(TripleKey(e));
  return out;
}

std::vector<std::string> TripleKeys(const std::vector<SystemEvent>& events) {
  std::vector<std::string> out;
  for (const SystemEvent& e : events)
    if (e.cameo.size() >= 2 && e.told_as_done()) out.push_back(TripleKey(e));
  return out;
}

size_t MultisetOverlap(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return common.size();
}

void CameoSentenceScores::Add(const std::vector<GoldEvent>& gold_events,
                              const std::vector<SystemEvent>& system_events) {
  ++sentences;
  std::vector<std::string> g = TripleKeys(gold_events), s = TripleKeys(system_events);
  std::vector<std::string> g_root, s_root;
  for (const std::string& k : g) g_root.push_back(k.substr(0, 2));
  for (const std::string& k : s) s_root.push_back(k.substr(0, 2));
  gold += g.size();
  system += s.size();
  size_t roots = MultisetOverlap(g_root, s_root), triples = MultisetOverlap(g, s);
  root.tp += roots;
  root.fp += s.size() - roots;
  root.fn += g.size() - roots;
  triple.tp += triples;
  triple.fp += s.size() - triples;
  triple.fn += g.size() - triples;
}

void ActorShare::Add(const std::vector<GoldEvent>& gold_events, const std::vector<SystemEvent>& system_events) {
  for (const GoldEvent& g : gold_events)
    for (const bool source : {true, false}) {
      const Actor& want = source ? g.source : g.target;
      if (want.country.empty()) continue;
      ++gold;
      bool same_country = false, same_sector = false;
      for (const SystemEvent& s : system_events) {
        if (s.cameo.empty() || !s.told_as_done()) continue;
        const Actor& got = source ? s.source : s.target;
        if (got.country != want.country) continue;
        same_country = true;
        if (want.sector.empty() || got.sector == want.sector) same_sector = true;
      }
      country += same_country;
      sector += same_sector;
    }
}

}  // namespace vigie::eval
