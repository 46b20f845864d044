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

struct TagInfo {
  Content content = Content::kNormal;
  bool is_void = false;
  bool counted = true;  // adds to the nesting depth
};

TagInfo Classify(std::string_view name) {
  TagInfo t;
  static const char* const kVoid[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                      "link", "meta", "param", "source", "track", "wbr", "keygen"};
  static const char* const kOptionalEnd[] = {"p", "li", "dt", "dd", "option", "optgroup", "tr",
                                             "td", "th", "tbody", "thead", "tfoot", "colgroup",
                                             "caption", "rb", "rt", "rp", "rtc", "html", "head",
                                             "body"};
  static const char* const kSkip[] = {"script", "style", "noscript", "iframe", "textarea",
                                      "xmp", "noembed", "noframes", "select"};
  static const char* const kSkipNested[] = {"svg", "math", "template"};
  for (const char* v : kVoid)
    if (name == v) {
      t.is_void = true;
      t.counted = false;
      return t;
    }
  for (const char* v : kOptionalEnd)
    if (name == v) t.counted = false;
  for (const char* v : kSkip)
    if (name == v) t.content = Content::kSkip;
  for (const char* v : kSkipNested)
    if (name == v) t.content = Content::kSkipNested;
  if (name == "pre" || name == "listing") t.content = Content::kPre;
  if (name == "plaintext") t.content = Content::kPlaintext;
  return t;
}

bool KeepAttribute(std::string_view tag, std::string_view name, std::string_view value) {
  static const char* const kKeep[] = {"class", "id", "lang", "content", "property", "name",
                                      "itemprop", "itemtype", "datetime", "rel", "role", "type",
                                      "hidden", "aria-hidden", "charset", "http-equiv", "pubdate"};
  for (const char* k : kKeep)
    if (EqNoCase(name, k)) return true;
  if (EqNoCase(name, "href")) return tag == "link";
  if (EqNoCase(name, "style"))
    return ContainsNoCase(value, "display:none") || ContainsNoCase(value, "display: none") ||
           ContainsNoCase(value, "visibility:hidden") || ContainsNoCase(value, "visibility: hidden");
  return false;
}

class Scanner {
 public:
  Scanner(std::string_view src, uint32_t limit, Compacted* out)
      : src_(src), limit_(limit), out_(out) {}

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

  std::string_view src_;
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

size_t Scanner::StartTag(size_t lt) {
  const size_t n = src_.size();
  size_t p = lt + 1;
  while (p < n && !IsSpace(src_[p]) && src_[p] != '/' && src_[p] != '>') ++p;
  char name_buf[16];
  size_t name_len = std::min<size_t>(p - lt - 1, sizeof name_buf);
  for (size_t i = 0; i < name_len; ++i) name_buf[i] = Lower(src_[lt + 1 + i]);
  std::string_view name(name_buf, p - lt - 1 <= sizeof name_buf ? name_len : 0);
  const size_t name_end = p;

  // Attributes.
  struct Attr { size_t b, e; };
  Attr kept[24];
  size_t n_kept = 0;
  bool dropped_any = false;
  bool jsonld = false;
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
    if (name == "script" && EqNoCase(attr_name, "type") && ContainsNoCase(value, "ld+json"))
      jsonld = true;
    if (n_kept < 24 && KeepAttribute(name, attr_name, value)) {
      kept[n_kept++] = {ab, p};
    } else {
      dropped_any = true;
    }
  }
  if (gt == std::string_view::npos) {
    // No end: gumbo drops an unterminated tag; so do we.
    return n;
  }
  if (!dropped_any) {
    Copy(lt, gt + 1);
  } else {
    Copy(lt, name_end);
    for (size_t i = 0; i < n_kept; ++i) {
      Insert(' ', kept[i].b);
      Copy(kept[i].b, kept[i].e);
    }
    if (src_[gt - 1] == '/') Copy(gt - 1, gt + 1);
    else Copy(gt, gt + 1);
  }
  const bool self_closing = src_[gt - 1] == '/';
  TagInfo info = Classify(name);
  if (info.counted && !self_closing && !name.empty()) {
    ++depth_;
    if (depth_ > out_->max_depth) out_->max_depth = depth_;
  }
  size_t after = gt + 1;
  switch (info.content) {
    case Content::kNormal:
      return after;
    case Content::kPre:
      ++pre_;
      return after;
    case Content::kPlaintext:
      Copy(after, n);
      return n;
    case Content::kSkip: {
      size_t end = FindEndTag(src_, after, name);
      if (end == std::string_view::npos) end = n;
      if (jsonld) out_->jsonld.push_back({static_cast<uint32_t>(after), static_cast<uint32_t>(end)});
      return end;
    }
    case Content::kSkipNested: {
      if (self_closing) return after;
      // The matching end tag, counting nested starts of the same name.
      size_t scan = after;
      int open = 1;
      while (true) {
        size_t end = FindEndTag(src_, scan, name);
        if (end == std::string_view::npos) return after;  // unclosed: parse it as it is
        // Nested starts between scan and end.
        for (size_t s = src_.find('<', scan); s != std::string_view::npos && s < end;
             s = src_.find('<', s + 1)) {
          size_t ne = s + 1 + name.size();
          if (ne < n && EqNoCase(src_.substr(s + 1, name.size()), name) &&
              (IsSpace(src_[ne]) || src_[ne] == '>' || src_[ne] == '/'))
            ++open;
        }
        if (--open == 0) return end;
        scan = end + 2;
      }
    }
  }
  return after;
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
        TagInfo info = Classify(name);
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

Status CompactHtml(std::string_view source, uint32_t depth_limit, Compacted* out) {
  *out = Compacted();
  return Scanner(source, depth_limit, out).Run();
}

}  // namespace vigie::html
