// The pre-scan tokenizer; see prescan.h.
//
// One forward pass with memchr to the next '<'. Text between tags is copied
// (white-space runs shortened); each tag is parsed just enough to find its
// end (quoted attribute values may hold '>') and to keep the attributes
// extraction reads. Elements whose content is raw text (script, style, ...)
// or is never article text (svg, math, select, template) have their content
// skipped by searching for the matching end tag. Anything the scanner does
// not recognise is copied as it is, for gumbo to judge.
#include "extract/html/prescan.h"

#include <cstring>
#include <vector>

namespace vigie::html {

namespace {

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

bool EqNoCase(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (Lower(s[i]) != lower[i]) return false;
  return true;
}

bool ContainsNoCase(std::string_view hay, std::string_view lower) {
  if (hay.size() < lower.size()) return false;
  for (size_t i = 0; i + lower.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < lower.size() && Lower(hay[i + j]) == lower[j]) ++j;
    if (j == lower.size()) return true;
  }
  return false;
}

// Position of "</name" (any case) followed by space, '/' or '>', or npos.
size_t FindEndTag(std::string_view src, size_t from, std::string_view name) {
  while (true) {
    const void* p = from < src.size() ? std::memchr(src.data() + from, '<', src.size() - from) : nullptr;
    if (p == nullptr) return std::string_view::npos;
    size_t lt = static_cast<const char*>(p) - src.data();
    size_t after = lt + 2 + name.size();
    if (after <= src.size() && src[lt + 1] == '/' && EqNoCase(src.substr(lt + 2, name.size()), name) &&
        (after == src.size() || IsSpace(src[after]) || src[after] == '/' || src[after] == '>'))
      return lt;
    from = lt + 1;
  }
}

enum class Content : uint8_t { kNormal, kSkip, kSkipNested, kPre, kPlaintext };

// What the scanner does with an element.
enum class Fate : uint8_t {
  kKeep,       // copied (attributes filtered)
  kDropTag,    // a void tag that carries nothing extraction reads: left out
  kDropWhole,  // start tag, content and end tag left out
};

struct TagInfo {
  Content content = Content::kNormal;
  Fate fate = Fate::kKeep;
  bool is_void = false;
  bool counted = true;  // adds to the nesting depth
};

const std::vector<TagInfo>& TagTable() {
  static const std::vector<TagInfo> table = [] {
    std::vector<TagInfo> t(GUMBO_TAG_LAST + 1);
    for (GumboTag g : {GUMBO_TAG_AREA, GUMBO_TAG_BASE, GUMBO_TAG_BR, GUMBO_TAG_COL, GUMBO_TAG_EMBED,
                       GUMBO_TAG_HR, GUMBO_TAG_IMG, GUMBO_TAG_INPUT, GUMBO_TAG_LINK, GUMBO_TAG_META,
                       GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK, GUMBO_TAG_WBR,
                       GUMBO_TAG_KEYGEN}) {
      t[g].is_void = true;
      t[g].counted = false;
    }
    for (GumboTag g : {GUMBO_TAG_AREA, GUMBO_TAG_BASE, GUMBO_TAG_EMBED, GUMBO_TAG_IMG, GUMBO_TAG_INPUT,
                       GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK, GUMBO_TAG_WBR,
                       GUMBO_TAG_KEYGEN})
      t[g].fate = Fate::kDropTag;
    for (GumboTag g : {GUMBO_TAG_P, GUMBO_TAG_LI, GUMBO_TAG_DT, GUMBO_TAG_DD, GUMBO_TAG_OPTION,
                       GUMBO_TAG_OPTGROUP, GUMBO_TAG_TR, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_TBODY,
                       GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_COLGROUP, GUMBO_TAG_CAPTION,
                       GUMBO_TAG_RB, GUMBO_TAG_RT, GUMBO_TAG_RP, GUMBO_TAG_RTC, GUMBO_TAG_HTML,
                       GUMBO_TAG_HEAD, GUMBO_TAG_BODY})
      t[g].counted = false;
    for (GumboTag g : {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_IFRAME,
                       GUMBO_TAG_TEXTAREA, GUMBO_TAG_XMP, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES,
                       GUMBO_TAG_SELECT}) {
      t[g].content = Content::kSkip;
      t[g].fate = Fate::kDropWhole;
    }
    for (GumboTag g : {GUMBO_TAG_SVG, GUMBO_TAG_MATH, GUMBO_TAG_TEMPLATE, GUMBO_TAG_BUTTON,
                       GUMBO_TAG_NAV, GUMBO_TAG_OBJECT}) {
      t[g].content = Content::kSkipNested;
      t[g].fate = Fate::kDropWhole;
    }
    t[GUMBO_TAG_PRE].content = Content::kPre;
    t[GUMBO_TAG_LISTING].content = Content::kPre;
    t[GUMBO_TAG_PLAINTEXT].content = Content::kPlaintext;
    return t;
  }();
  return table;
}

GumboTag TagOf(std::string_view lower_name) {
  if (lower_name.empty()) return GUMBO_TAG_UNKNOWN;
  return gumbo_tagn_enum(lower_name.data(), static_cast<unsigned>(lower_name.size()));
}

// Meta fields extraction reads (by their name, property or itemprop).
bool InterestingMeta(std::string_view key) {
  for (std::string_view w : {"title", "author", "date", "time", "publish", "site_name", "url",
                             "creator", "byl", "application-name"})
    if (ContainsNoCase(key, w)) return true;
  return false;
}

bool KeepAttribute(GumboTag tag, std::string_view name, std::string_view value) {
  static const char* const kKeep[] = {"lang", "content", "property", "name", "itemprop",
                                      "datetime", "rel", "role", "type", "hidden", "aria-hidden",
                                      "charset", "http-equiv", "pubdate"};
  for (const char* k : kKeep)
    if (EqNoCase(name, k)) return true;
  if (EqNoCase(name, "href")) return tag == GUMBO_TAG_LINK;
  if (EqNoCase(name, "style"))
    return ContainsNoCase(value, "display:none") || ContainsNoCase(value, "display: none") ||
           ContainsNoCase(value, "visibility:hidden") || ContainsNoCase(value, "visibility: hidden");
  return false;
}

class Scanner {
 public:
  Scanner(std::string_view src, const HtmlCues* cues, uint32_t limit, Compacted* out)
      : src_(src), cues_(cues), limit_(limit), out_(out) {}

  Status Run();

 private:
  void Copy(size_t b, size_t e) {
    if (e <= b) return;
    out_->map.Add(static_cast<uint32_t>(out_->html.size()), static_cast<uint32_t>(e - b),
                  static_cast<uint32_t>(b), static_cast<uint32_t>(e - b));
    out_->html.append(src_.data() + b, e - b);
  }
  void Insert(char c, size_t at) {
    out_->map.Add(static_cast<uint32_t>(out_->html.size()), 1, static_cast<uint32_t>(at), 0);
    out_->html.push_back(c);
  }
  // Text [b, e): white-space runs of two or more become one character.
  void CopyText(size_t b, size_t e);
  // Parses the start tag at src_[lt] ('<' + letter); returns the position
  // after it.
  size_t StartTag(size_t lt);

  // Appends ` name="words"` with only the cue words of a class or id value.
  void CueWords(std::string_view name, std::string_view value, size_t at, size_t end);
  // The end of the element whose content starts at `after` (its end tag's
  // '>' + 1, counting nested starts of the same name), or npos.
  size_t ElementEnd(size_t after, std::string_view name, bool nested) const;

  std::string_view src_;
  const HtmlCues* cues_;
  uint32_t limit_;
  Compacted* out_;
  uint32_t depth_ = 0;
  uint32_t pre_ = 0;
};

void Scanner::CopyText(size_t b, size_t e) {
  if (pre_ > 0) return Copy(b, e);
  size_t run = b;
  size_t i = b;
  while (i < e) {
    if (!IsSpace(src_[i])) {
      ++i;
      continue;
    }
    size_t ws = i;
    while (i < e && IsSpace(src_[i])) ++i;
    if (i - ws >= 2) {
      Copy(run, ws);
      bool newline = std::memchr(src_.data() + ws, '\n', i - ws) != nullptr;
      out_->map.Add(static_cast<uint32_t>(out_->html.size()), 1, static_cast<uint32_t>(ws),
                    static_cast<uint32_t>(i - ws));
      out_->html.push_back(newline ? '\n' : ' ');
      run = i;
    }
  }
  Copy(run, e);
}

void Scanner::CueWords(std::string_view name, std::string_view value, size_t at, size_t end) {
  std::string words;
  char buf[32];
  size_t n = 0;
  bool too_long = false;
  char prev = 0;
  auto emit = [&]() {
    if (n > 0 && !too_long && cues_->Lookup(std::string_view(buf, n)).kind != CueKind::kNone) {
      if (!words.empty()) words.push_back(' ');
      words.append(buf, n);
    }
    n = 0;
    too_long = false;
  };
  for (char c : value) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      emit();
      prev = c;
      continue;
    }
    if (c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z') emit();
    if (n < sizeof buf) buf[n++] = Lower(c);
    else too_long = true;
    prev = c;
  }
  emit();
  if (words.empty()) return;
  std::string attr = " ";
  attr.append(name);
  attr += "=\"";
  attr += words;
  attr += '"';
  out_->map.AddWhole(static_cast<uint32_t>(out_->html.size()), static_cast<uint32_t>(attr.size()),
                     static_cast<uint32_t>(at), static_cast<uint32_t>(end - at));
  out_->html += attr;
}

size_t Scanner::ElementEnd(size_t after, std::string_view name, bool nested) const {
  const size_t n = src_.size();
  size_t scan = after;
  int open = 1;
  while (true) {
    size_t end = FindEndTag(src_, scan, name);
    if (end == std::string_view::npos) return std::string_view::npos;
    if (nested) {
      for (size_t s = src_.find('<', scan); s != std::string_view::npos && s < end;
           s = src_.find('<', s + 1)) {
        size_t ne = s + 1 + name.size();
        if (ne < n && EqNoCase(src_.substr(s + 1, name.size()), name) &&
            (IsSpace(src_[ne]) || src_[ne] == '>' || src_[ne] == '/'))
          ++open;
      }
    }
    if (!nested || --open == 0) {
      size_t gt = src_.find('>', end);
      return gt == std::string_view::npos ? n : gt + 1;
    }
    scan = end + 2;
  }
}

size_t Scanner::StartTag(size_t lt) {
  const size_t n = src_.size();
  size_t p = lt + 1;
  while (p < n && !IsSpace(src_[p]) && src_[p] != '/' && src_[p] != '>') ++p;
  char name_buf[16];
  const size_t raw_len = p - lt - 1;
  std::string_view name;
  if (raw_len <= sizeof name_buf) {
    for (size_t i = 0; i < raw_len; ++i) name_buf[i] = Lower(src_[lt + 1 + i]);
    name = std::string_view(name_buf, raw_len);
  }
  const GumboTag tag = TagOf(name);
  const TagInfo info = tag <= GUMBO_TAG_LAST ? TagTable()[tag] : TagInfo();
  const size_t name_end = p;

  // Attributes.
  struct Attr { size_t b, e; std::string_view name, value; bool words; };
  Attr kept[24];
  size_t n_kept = 0;
  bool changed = false;
  bool jsonld = false, canonical = false, meta_wanted = false;
  size_t gt = std::string_view::npos;
  while (p < n) {
    while (p < n && (IsSpace(src_[p]) || src_[p] == '/')) ++p;
    if (p >= n) break;
    if (src_[p] == '>') {
      gt = p;
      break;
    }
    size_t ab = p;
    ++p;  // a first '=' belongs to the name
    while (p < n && !IsSpace(src_[p]) && src_[p] != '/' && src_[p] != '>' && src_[p] != '=') ++p;
    std::string_view attr_name = src_.substr(ab, p - ab);
    size_t q = p;
    while (q < n && IsSpace(src_[q])) ++q;
    std::string_view value;
    if (q < n && src_[q] == '=') {
      ++q;
      while (q < n && IsSpace(src_[q])) ++q;
      if (q < n && (src_[q] == '"' || src_[q] == '\'')) {
        size_t close = src_.find(src_[q], q + 1);
        if (close == std::string_view::npos) {
          p = n;  // an unterminated value runs to the end
          break;
        }
        value = src_.substr(q + 1, close - q - 1);
        p = close + 1;
      } else {
        size_t vb = q;
        while (q < n && !IsSpace(src_[q]) && src_[q] != '>') ++q;
        value = src_.substr(vb, q - vb);
        p = q;
      }
    }
    if (tag == GUMBO_TAG_SCRIPT && EqNoCase(attr_name, "type") && ContainsNoCase(value, "ld+json"))
      jsonld = true;
    if (tag == GUMBO_TAG_LINK && EqNoCase(attr_name, "rel") && EqNoCase(value, "canonical"))
      canonical = true;
    if (tag == GUMBO_TAG_META &&
        (EqNoCase(attr_name, "charset") || EqNoCase(attr_name, "http-equiv") ||
         ((EqNoCase(attr_name, "property") || EqNoCase(attr_name, "name") ||
           EqNoCase(attr_name, "itemprop")) && InterestingMeta(value))))
      meta_wanted = true;
    const bool words = cues_ != nullptr && (EqNoCase(attr_name, "class") || EqNoCase(attr_name, "id"));
    if (n_kept < 24 && (words || (cues_ == nullptr && (EqNoCase(attr_name, "class") || EqNoCase(attr_name, "id"))) ||
                        KeepAttribute(tag, attr_name, value))) {
      kept[n_kept++] = {ab, p, attr_name, value, words};
      changed |= words;
    } else {
      changed = true;
    }
  }
  if (gt == std::string_view::npos) {
    // No end: gumbo drops an unterminated tag; so do we.
    return n;
  }
  const bool self_closing = src_[gt - 1] == '/';
  size_t after = gt + 1;
  // Tags left out.
  if (info.fate == Fate::kDropTag || (tag == GUMBO_TAG_LINK && !canonical) ||
      (tag == GUMBO_TAG_META && !meta_wanted))
    return after;
  if (info.fate == Fate::kDropWhole) {
    if (self_closing && info.content == Content::kSkipNested) return after;
    if (jsonld) {
      size_t end = FindEndTag(src_, after, name);
      out_->jsonld.push_back({static_cast<uint32_t>(after),
                              static_cast<uint32_t>(end == std::string_view::npos ? n : end)});
    }
    size_t end = ElementEnd(after, name, info.content == Content::kSkipNested);
    if (end == std::string_view::npos) {
      if (info.content == Content::kSkip) return n;  // raw text to the end
      end = after;  // unclosed nested element: parse its content
    } else if (cues_ != nullptr) {
      Cue cue = cues_->TagCue(tag);
      if (cue.kind != CueKind::kNone)
        out_->dropped.push_back({{static_cast<uint32_t>(lt), static_cast<uint32_t>(end)}, cue});
    }
    return end;
  }
  if (!changed) {
    Copy(lt, gt + 1);
  } else {
    Copy(lt, name_end);
    for (size_t i = 0; i < n_kept; ++i) {
      if (kept[i].words) {
        CueWords(kept[i].name, kept[i].value, kept[i].b, kept[i].e);
        continue;
      }
      Insert(' ', kept[i].b);
      Copy(kept[i].b, kept[i].e);
    }
    // "/>" unless the last attribute's value took the '/' ("href=a/>"):
    // pieces must not overlap, the map stays monotonic.
    size_t close_from = self_closing ? gt - 1 : gt;
    if (n_kept > 0 && kept[n_kept - 1].e > close_from) close_from = gt;
    Copy(close_from, gt + 1);
  }
  if (info.counted && !self_closing && !name.empty()) {
    ++depth_;
    if (depth_ > out_->max_depth) out_->max_depth = depth_;
  }
  switch (info.content) {
    case Content::kPre:
      ++pre_;
      return after;
    case Content::kPlaintext:
      Copy(after, n);
      return n;
    default:
      return after;
  }
}

Status Scanner::Run() {
  const size_t n = src_.size();
  out_->html.reserve(n / 2);
  size_t pos = 0;
  while (pos < n) {
    const void* p = std::memchr(src_.data() + pos, '<', n - pos);
    size_t lt = p == nullptr ? n : static_cast<const char*>(p) - src_.data();
    CopyText(pos, lt);
    if (lt >= n) break;
    if (out_->max_depth > limit_) {
      return Status(ErrorCode::kTooDeeplyNested,
                    "elements nested more than " + std::to_string(limit_) + " deep (byte " +
                        std::to_string(lt) + ")");
    }
    char c = lt + 1 < n ? src_[lt + 1] : '\0';
    if (IsAlpha(c)) {
      pos = StartTag(lt);
      continue;
    }
    if (c == '!') {
      if (src_.substr(lt, 4) == "<!--") {
        size_t end;
        if (src_.substr(lt + 4, 1) == ">") end = lt + 5;
        else if (src_.substr(lt + 4, 2) == "->") end = lt + 6;
        else {
          size_t close = src_.find("-->", lt + 4);
          end = close == std::string_view::npos ? n : close + 3;
        }
        pos = end;
        continue;
      }
      size_t gt = src_.find('>', lt);
      size_t end = gt == std::string_view::npos ? n : gt + 1;
      Copy(lt, end);
      pos = end;
      continue;
    }
    if (c == '?') {
      size_t gt = src_.find('>', lt);
      pos = gt == std::string_view::npos ? n : gt + 1;
      continue;
    }
    if (c == '/' && lt + 2 < n && IsAlpha(src_[lt + 2])) {
      size_t q = lt + 2;
      while (q < n && !IsSpace(src_[q]) && src_[q] != '/' && src_[q] != '>') ++q;
      std::string_view raw_name = src_.substr(lt + 2, q - lt - 2);
      size_t gt = src_.find('>', q);
      size_t end = gt == std::string_view::npos ? n : gt + 1;
      Copy(lt, end);
      char name_buf[16];
      if (raw_name.size() <= sizeof name_buf) {
        for (size_t i = 0; i < raw_name.size(); ++i) name_buf[i] = Lower(raw_name[i]);
        std::string_view name(name_buf, raw_name.size());
        GumboTag tag = TagOf(name);
        TagInfo info = tag <= GUMBO_TAG_LAST ? TagTable()[tag] : TagInfo();
        if (info.counted && depth_ > 0) --depth_;
        if (info.content == Content::kPre && pre_ > 0) --pre_;
      } else if (depth_ > 0) {
        --depth_;
      }
      pos = end;
      continue;
    }
    // A lone '<' is text.
    Copy(lt, lt + 1);
    pos = lt + 1;
  }
  if (out_->max_depth > limit_) {
    return Status(ErrorCode::kTooDeeplyNested,
                  "elements nested more than " + std::to_string(limit_) + " deep");
  }
  return Status::Ok();
}

}  // namespace

Status CompactHtml(std::string_view source, const HtmlCues* cues, uint32_t depth_limit,
                   Compacted* out) {
  out->html.clear();
  out->map = OffsetMap();
  out->jsonld.clear();
  out->dropped.clear();
  out->max_depth = 0;
  return Scanner(source, cues, depth_limit, out).Run();
}

}  // namespace vigie::html
