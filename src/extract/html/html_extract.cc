// HTML main-text extraction; see html_extract.h.
//
// Steps, each one pass over flat arrays (no recursion anywhere: a page of
// 100,000 nested divs is refused by the pre-scan's depth count, and every
// walk here uses an explicit stack):
//   1. pre-scan (prescan.cc) and gumbo parse into an arena;
//   2. Walk(): elements in document order with their cues; blocks of text
//      with their counts (characters, link characters, punctuation);
//      metadata from <meta>, <title>, <link>, <time>, <html lang>;
//   3. Score(): cues that apply, good and junk text per element, the main
//      container and the blocks kept;
//   4. metadata choices, JSON-LD (metadata.cc), and the output text.
#include "extract/html/html_extract.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/utf8.h"
#include "extract/html/metadata.h"

namespace vigie::html {

namespace {

constexpr uint32_t kNone = UINT32_MAX;

// gumbo allocates through this bump arena; the whole tree is dropped at
// once by Reset(), so gumbo_destroy_output (which recurses) is never called.
class Arena {
 public:
  ~Arena() {
    for (char* b : blocks_) std::free(b);
  }
  void* Alloc(size_t n) {
    n = (n + 15) & ~size_t{15};
    if (used_ + n > cap_) {
      size_t size = std::max<size_t>(n, kBlock);
      if (next_ < blocks_.size() && n <= kBlock) {
        cur_ = blocks_[next_++];
      } else {
        cur_ = static_cast<char*>(std::malloc(size));
        if (cur_ == nullptr) return nullptr;
        if (size == kBlock) {
          blocks_.push_back(cur_);
          next_ = blocks_.size();
        } else {
          big_.push_back(cur_);
        }
      }
      used_ = 0;
      cap_ = size;
    }
    void* p = cur_ + used_;
    used_ += n;
    return p;
  }
  void Reset() {
    for (char* b : big_) std::free(b);
    big_.clear();
    // Keep a few blocks for the next page.
    while (blocks_.size() > 8) {
      std::free(blocks_.back());
      blocks_.pop_back();
    }
    next_ = 0;
    used_ = cap_ = 0;
    cur_ = nullptr;
  }

 private:
  static constexpr size_t kBlock = 1 << 20;
  std::vector<char*> blocks_, big_;
  size_t next_ = 0, used_ = 0, cap_ = 0;
  char* cur_ = nullptr;
};

void* ArenaAlloc(void* arena, size_t n) { return static_cast<Arena*>(arena)->Alloc(n); }
void ArenaFree(void*, void*) {}

inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_HR:
    case GUMBO_TAG_MENU: case GUMBO_TAG_LEGEND: case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_NOSCRIPT:
      return true;
    default:
      return false;
  }
}

// Elements whose content is never article text.
bool IsSkipTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP: case GUMBO_TAG_IMG: case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_LABEL:
      return true;
    default:
      return false;
  }
}

bool IsHeading(GumboTag t) { return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6; }

bool EqNoCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
  return true;
}

struct Elem {
  uint32_t parent = kNone;
  uint32_t first_block = 0, end_block = 0;
  uint32_t neg = kNone;    // nearest ancestor-or-self whose negative cue applies
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  Cue cue;                 // strongest class/id/tag cue
  bool positive = false;
  bool article_body = false;  // itemprop="articleBody"
  bool block = false;
  uint32_t chars = 0;      // aggregated block characters
  uint32_t prose = 0;      // aggregated characters of long blocks with few links
  double score = 0;        // good minus junk of the blocks within three levels
  double good = 0, junk = 0;
};

namespace block_flags {
constexpr uint8_t kHeading = 1;
constexpr uint8_t kH1 = 2;
constexpr uint8_t kFigure = 4;
constexpr uint8_t kListItem = 8;
constexpr uint8_t kParagraph = 16;  // under a <p>
}  // namespace block_flags

struct Block {
  uint32_t elem;               // owner element
  uint32_t begin, end;         // in the block text arena
  uint32_t chars = 0, link_chars = 0, punct = 0;
  uint32_t byline = kNone;     // nearest byline-cued element
  uint8_t flags = 0;
  bool starts_with_link = false;
};

// Appends decoded text to a string with runs of white space collapsed to
// one space, recording pieces (text -> compact positions).
class Sink {
 public:
  void Reset(std::string* text, OffsetMap* map, const char* base) {
    text_ = text;
    map_ = map;
    base_ = base;
    pending_ = false;
    at_start_ = true;
  }
  void StartBlock() {
    pending_ = false;
    at_start_ = true;
    chars = link_chars = punct = 0;
    first_is_link = false;
  }
  void Space(uint32_t at) {
    if (!at_start_ && !pending_) {
      pending_ = true;
      pending_at_ = at;
    }
  }
  // Verbatim bytes d[0, n) at compact position pos.
  void Verbatim(const char* d, size_t n, uint32_t pos, bool link) {
    size_t i = 0;
    while (i < n) {
      if (IsSpace(d[i])) {
        size_t ws = i;
        while (i < n && IsSpace(d[i])) ++i;
        if (i - ws == 1 && d[ws] == ' ' && !pending_ && !at_start_ && i < n) {
          Put(d + ws, 1, pos + static_cast<uint32_t>(ws), 1);
        } else {
          Space(pos + static_cast<uint32_t>(ws));
        }
        continue;
      }
      size_t b = i;
      while (i < n && !IsSpace(d[i])) {
        char c = d[i];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') ++punct;
        ++i;
      }
      Flush();
      if (chars == 0) first_is_link = link;
      Put(d + b, i - b, pos + static_cast<uint32_t>(b), static_cast<uint32_t>(i - b));
      chars += static_cast<uint32_t>(i - b);
      if (link) link_chars += static_cast<uint32_t>(i - b);
    }
  }
  // Decoded bytes d[0, n) standing for compact [pos, pos + len) as a whole.
  void Decoded(const char* d, size_t n, uint32_t pos, uint32_t len, bool link) {
    bool all_space = true;
    for (size_t i = 0; i < n; ++i) all_space &= IsSpace(d[i]);
    if (all_space) {
      Space(pos);
      return;
    }
    Flush();
    if (chars == 0) first_is_link = link;
    if (n == len && base_ != nullptr && std::memcmp(base_ + pos, d, n) == 0)
      map_->Add(static_cast<uint32_t>(text_->size()), static_cast<uint32_t>(n), pos, len);
    else
      map_->AddWhole(static_cast<uint32_t>(text_->size()), static_cast<uint32_t>(n), pos, len);
    text_->append(d, n);
    at_start_ = false;
    chars += static_cast<uint32_t>(n);
    if (link) link_chars += static_cast<uint32_t>(n);
  }
  uint32_t chars = 0, link_chars = 0, punct = 0;
  bool first_is_link = false;  // the block's first word was link text

 private:
  void Flush() {
    if (pending_) {
      map_->Add(static_cast<uint32_t>(text_->size()), 1, pending_at_, 0);
      text_->push_back(' ');
      pending_ = false;
    }
  }
  void Put(const char* d, size_t n, uint32_t pos, uint32_t len) {
    map_->Add(static_cast<uint32_t>(text_->size()), static_cast<uint32_t>(n), pos, len);
    text_->append(d, n);
    at_start_ = false;
  }
  std::string* text_ = nullptr;
  OffsetMap* map_ = nullptr;
  const char* base_ = nullptr;  // the compact page the positions refer to
  bool pending_ = false, at_start_ = true;
  uint32_t pending_at_ = 0;
};

// An ASCII control character gumbo replaces by U+FFFD (tab, LF, FF and CR
// are white space; NUL is handled on its own).
inline bool IsReplacedControl(char c) {
  auto b = static_cast<unsigned char>(c);
  return (b > 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7F;
}

// Length of the UTF-8 sequence starting with byte b.
inline size_t SeqLen(unsigned char b) {
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

// Feeds a text node's decoded text to the sink, aligned with its original
// (compact) bytes: verbatim runs, entities, CR/LF and NUL replacements.
void AlignText(std::string_view orig, uint32_t base, std::string_view dec, bool link, Sink* sink) {
  if (orig == dec) return sink->Verbatim(dec.data(), dec.size(), base, link);
  size_t i = 0, j = 0;
  const size_t on = orig.size(), dn = dec.size();
  auto resyncs = [&](size_t oi, size_t dj) {
    for (size_t t = 0; t < 8; ++t) {
      if (oi + t == on) return dj + t == dn;
      if (dj + t == dn) return false;
      char oc = orig[oi + t];
      if (oc == '&' || oc == '\r' || oc == '\0' || IsReplacedControl(oc)) return true;
      if (oc != dec[dj + t]) return false;
    }
    return true;
  };
  while (j < dn) {
    if (i >= on) break;
    char oc = orig[i];
    if (oc == '&') {
      size_t k = i + 1;
      if (k < on && orig[k] == '#') {
        ++k;
        if (k < on && (orig[k] == 'x' || orig[k] == 'X')) ++k;
        while (k < on && std::isxdigit(static_cast<unsigned char>(orig[k]))) ++k;
      } else {
        while (k < on && std::isalnum(static_cast<unsigned char>(orig[k]))) ++k;
      }
      if (k < on && orig[k] == ';') ++k;
      const size_t max_len = k - i;
      bool done = false;
      if (max_len >= 2) {
        size_t m1 = std::min(dn - j, SeqLen(static_cast<unsigned char>(dec[j])));
        size_t m2 = j + m1 < dn ? m1 + std::min(dn - j - m1, SeqLen(static_cast<unsigned char>(dec[j + m1]))) : m1;
        for (size_t len = max_len; len >= 2 && !done; --len) {
          for (size_t m : {m1, m2}) {
            if (resyncs(i + len, j + m)) {
              sink->Decoded(dec.data() + j, m, base + static_cast<uint32_t>(i), static_cast<uint32_t>(len), link);
              i += len;
              j += m;
              done = true;
              break;
            }
          }
        }
      }
      if (done) continue;
      if (dec[j] == '&') {
        sink->Verbatim(dec.data() + j, 1, base + static_cast<uint32_t>(i), link);
        ++i;
        ++j;
        continue;
      }
      break;
    }
    if (oc == '\r') {
      if (dec[j] != '\n') break;
      size_t len = (i + 1 < on && orig[i + 1] == '\n') ? 2 : 1;
      sink->Space(base + static_cast<uint32_t>(i));
      i += len;
      ++j;
      continue;
    }
    if (oc == '\0') {
      if (dec.substr(j, 3) != "\xEF\xBF\xBD") break;
      sink->Decoded(dec.data() + j, 3, base + static_cast<uint32_t>(i), 1, link);
      ++i;
      j += 3;
      continue;
    }
    // gumbo puts U+FFFD for other control characters (U+0001, U+007F, the
    // C1 controls) and noncharacters too: one character of the original.
    if (dec.substr(j, 3) == "\xEF\xBF\xBD" && orig.substr(i, 3) != "\xEF\xBF\xBD") {
      const size_t len = std::min(on - i, SeqLen(static_cast<unsigned char>(oc)));
      sink->Decoded(dec.data() + j, 3, base + static_cast<uint32_t>(i), static_cast<uint32_t>(len), link);
      i += len;
      j += 3;
      continue;
    }
    size_t k = 0;
    while (i + k < on && j + k < dn && orig[i + k] == dec[j + k] && orig[i + k] != '&' &&
           orig[i + k] != '\r' && orig[i + k] != '\0')
      ++k;
    if (k == 0) break;
    // Do not cut a UTF-8 sequence.
    while (k > 0 && j + k < dn && (static_cast<unsigned char>(dec[j + k]) & 0xC0) == 0x80) --k;
    if (k == 0) break;
    sink->Verbatim(dec.data() + j, k, base + static_cast<uint32_t>(i), link);
    i += k;
    j += k;
  }
  if (j < dn) {
    // Could not align the rest: it maps as a whole to the rest of the node.
    sink->Decoded(dec.data() + j, dn - j, base + static_cast<uint32_t>(std::min(i, on)),
                  static_cast<uint32_t>(on - std::min(i, on)), link);
  }
}

// Lower-case words of a class or id value, split at non-alphanumerics and
// lower-to-upper changes; calls f(word) for each.
template <typename F>
void ForEachWord(std::string_view v, F f) {
  char buf[32];
  size_t n = 0;
  bool too_long = false;
  char prev = 0;
  auto emit = [&]() {
    if (n > 0 && !too_long) f(std::string_view(buf, n));
    n = 0;
    too_long = false;
  };
  for (char c : v) {
    bool alnum = std::isalnum(static_cast<unsigned char>(c));
    if (!alnum) {
      emit();
      prev = c;
      continue;
    }
    if (c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z') emit();
    if (n < sizeof buf) buf[n++] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else too_long = true;
    prev = c;
  }
  emit();
}

std::string_view AttrValue(const GumboElement& e, const char* name) {
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    if (EqNoCase(a->name, name)) return a->value;
  }
  return {};
}

const GumboAttribute* Attr(const GumboElement& e, const char* name) {
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    if (EqNoCase(a->name, name)) return a;
  }
  return nullptr;
}

}  // namespace

std::string Extraction::BodyText() const {
  std::string out;
  for (const OutBlock& b : blocks) {
    if (b.kind != BlockKind::kBody) continue;
    if (!out.empty()) out += "\n\n";
    out.append(text, b.span.begin, b.span.size());
  }
  return out;
}

struct Extractor::Impl {
  explicit Impl(const HtmlCues& c) : cues(c), t(c.tunables()) {}

  Status Run(std::string_view source, std::string_view url, Extraction* out);
  void Walk(GumboNode* root);
  void EnterElement(GumboNode* node, bool* descend);
  void FlushBlock();
  void Meta(const GumboElement& e);
  void Score();
  void Choose(Extraction* out);
  void Output(Extraction* out);
  Span ToSource(uint32_t compact_begin, uint32_t compact_end) const {
    return {compact.map.MapBegin(compact_begin), compact.map.MapEnd(compact_end)};
  }
  // A metadata value from an attribute: value plus its compact range.
  struct AttrText {
    std::string value;
    uint32_t begin = 0, end = 0;
    int rank = 1 << 30;
    std::string rule;
    bool set() const { return !value.empty(); }
  };
  AttrText FromAttr(const GumboAttribute* a, int rank, std::string rule) const;

  const HtmlCues& cues;
  const Tunables& t;
  Arena arena;
  Compacted compact;
  std::vector<Elem> elems;
  std::vector<Block> blocks;
  std::string block_text;
  OffsetMap block_map;  // block_text -> compact
  Sink sink;

  // Walk state.
  uint32_t owner = kNone;        // element owning the open block
  uint32_t current = kNone;      // current element
  uint32_t link_depth = 0;
  uint32_t heading = 0;          // heading element depth
  bool h1 = false;
  uint32_t figure = 0, list_item = 0, paragraph = 0;
  uint32_t byline_elem = kNone;
  uint32_t block_begin = 0;
  bool last_br = false;
  std::vector<uint32_t> h1_blocks;

  // Metadata seen.
  AttrText og_title, meta_author, site_name, meta_date, canonical, html_lang;
  AttrText title_tag;
  std::string time_date;      // <time datetime> marked as publication
  std::string first_time_date;
  std::vector<uint32_t> kept;  // blocks kept, in order
  std::vector<uint8_t> reason_of;  // per block: 0 kept, else reason index + 1 ...
  std::string url;
  std::string_view src;
  bool debug = std::getenv("VIGIE_HTML_DEBUG") != nullptr;
};

Extractor::Extractor(const HtmlCues& cues) : impl_(std::make_unique<Impl>(cues)) {}
Extractor::~Extractor() = default;

Status Extractor::Extract(std::string_view source, std::string_view url, Extraction* out) {
  return impl_->Run(source, url, out);
}

Extractor::Impl::AttrText Extractor::Impl::FromAttr(const GumboAttribute* a, int rank,
                                                   std::string rule) const {
  AttrText r;
  if (a == nullptr) return r;
  std::string_view v = utf8::Trim(a->value);
  if (v.empty()) return r;
  r.value.assign(v);
  if (utf8::FindInvalid(r.value).has_value()) r.value = utf8::ReplaceInvalid(r.value);  // as for text
  const char* data = a->original_value.data;
  size_t len = a->original_value.length;
  const char* base = compact.html.data();
  if (data >= base && data + len <= base + compact.html.size()) {
    if (len >= 2 && (data[0] == '"' || data[0] == '\'')) {
      ++data;
      len -= 2;
    }
    r.begin = static_cast<uint32_t>(data - base);
    r.end = static_cast<uint32_t>(data - base + len);
  }
  r.rank = rank;
  r.rule = std::move(rule);
  return r;
}

void Extractor::Impl::FlushBlock() {
  if (sink.chars > 0) {
    Block b;
    b.elem = owner;
    b.begin = block_begin;
    b.end = static_cast<uint32_t>(block_text.size());
    b.chars = sink.chars;
    b.link_chars = sink.link_chars;
    b.punct = sink.punct;
    b.byline = byline_elem;
    b.starts_with_link = sink.first_is_link;
    b.flags = static_cast<uint8_t>((heading > 0 ? block_flags::kHeading : 0) |
                                   (h1 ? block_flags::kH1 : 0) |
                                   (figure > 0 ? block_flags::kFigure : 0) |
                                   (list_item > 0 ? block_flags::kListItem : 0) |
                                   (paragraph > 0 ? block_flags::kParagraph : 0));
    if (h1) h1_blocks.push_back(static_cast<uint32_t>(blocks.size()));
    blocks.push_back(b);
  } else {
    // Nothing but spaces: drop what was written.
    block_text.resize(block_begin);
    // (The map never got pieces for an empty block: Sink writes only text.)
  }
  block_begin = static_cast<uint32_t>(block_text.size());
  sink.StartBlock();
  last_br = false;
}

void Extractor::Impl::Meta(const GumboElement& e) {
  const GumboAttribute* content = Attr(e, "content");
  if (content == nullptr) return;
  std::string_view key = AttrValue(e, "property");
  if (key.empty()) key = AttrValue(e, "name");
  if (key.empty()) key = AttrValue(e, "itemprop");
  if (key.empty()) return;
  std::string k(key);
  for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (k == "og:title" || k == "twitter:title") {
    int rank = k == "og:title" ? 0 : 1;
    if (rank < og_title.rank) og_title = FromAttr(content, rank, "html:meta[" + k + "]");
  } else if (k == "author" || k == "article:author" || k == "byl" || k == "dc.creator" ||
             k == "sailthru.author" || k == "parsely-author" || k == "dcterms.creator") {
    std::string_view v = content->value;
    if (v.starts_with("http") || v.find('/') != std::string_view::npos) return;
    int rank = k == "author" ? 0 : 1;
    if (rank < meta_author.rank) meta_author = FromAttr(content, rank, "html:meta[" + k + "]");
  } else if (k == "og:site_name" || k == "application-name") {
    int rank = k == "og:site_name" ? 0 : 1;
    if (rank < site_name.rank) site_name = FromAttr(content, rank, "html:meta[" + k + "]");
  } else if (k == "og:url") {
    if (!canonical.set()) canonical = FromAttr(content, 1, "html:meta[og:url]");
  } else if (int rank = cues.DateMetaRank(k); rank >= 0 && rank < meta_date.rank) {
    std::string d = NormaliseDate(content->value, cues);
    if (!d.empty()) {
      meta_date = FromAttr(content, rank, "html:meta[" + k + "]");
      meta_date.value = d;
    }
  }
}

void Extractor::Impl::EnterElement(GumboNode* node, bool* descend) {
  const GumboElement& e = node->v.element;
  const GumboTag tag = e.tag;
  *descend = true;
  switch (tag) {
    case GUMBO_TAG_META:
      Meta(e);
      *descend = false;
      return;
    case GUMBO_TAG_LINK:
      if (EqNoCase(AttrValue(e, "rel"), "canonical"))
        canonical = FromAttr(Attr(e, "href"), 0, "html:link[canonical]");
      *descend = false;
      return;
    case GUMBO_TAG_TITLE:
      if (!title_tag.set() && e.children.length > 0) {
        auto* c = static_cast<GumboNode*>(e.children.data[0]);
        if (c->type == GUMBO_NODE_TEXT) {
          std::string_view v = utf8::Trim(c->v.text.text);
          title_tag.value.assign(v);
          if (utf8::FindInvalid(v).has_value()) title_tag.value = utf8::ReplaceInvalid(v);
          const char* base = compact.html.data();
          const char* d = c->v.text.original_text.data;
          if (d >= base && d + c->v.text.original_text.length <= base + compact.html.size()) {
            title_tag.begin = static_cast<uint32_t>(d - base);
            title_tag.end = static_cast<uint32_t>(title_tag.begin + c->v.text.original_text.length);
          }
          title_tag.rule = "html:title";
        }
      }
      *descend = false;
      return;
    case GUMBO_TAG_HEAD:
      return;  // walked for meta, title and link; holds no blocks
    case GUMBO_TAG_TIME: {
      std::string_view dt = AttrValue(e, "datetime");
      if (!dt.empty()) {
        std::string d = NormaliseDate(dt, cues);
        bool marked = EqNoCase(AttrValue(e, "itemprop"), "datepublished") ||
                      Attr(e, "pubdate") != nullptr;
        if (!d.empty() && marked && time_date.empty()) time_date = d;
        if (!d.empty() && first_time_date.empty()) first_time_date = d;
      }
      break;
    }
    case GUMBO_TAG_BR:
      if (last_br) FlushBlock();
      else {
        sink.Space(static_cast<uint32_t>(e.original_tag.data - compact.html.data()));
        last_br = true;
      }
      *descend = false;
      return;
    default:
      break;
  }
  if (IsSkipTag(tag)) {
    *descend = false;
    return;
  }
  // Hidden elements are not read at all.
  if (Attr(e, "hidden") != nullptr || EqNoCase(AttrValue(e, "aria-hidden"), "true") ||
      Attr(e, "style") != nullptr) {
    *descend = false;
    return;
  }
  Elem el;
  el.parent = current;
  el.tag = tag;
  el.block = IsBlockTag(tag);
  el.cue = cues.TagCue(tag);
  auto take = [&](Cue c) {
    switch (c.kind) {
      case CueKind::kStrongNegative:
        if (el.cue.kind != CueKind::kStrongNegative) el.cue = c;
        break;
      case CueKind::kNegative:
        if (el.cue.kind == CueKind::kNone || el.cue.kind == CueKind::kPositive ||
            el.cue.kind == CueKind::kByline)
          el.cue = c;
        break;
      case CueKind::kPositive:
        el.positive = true;
        break;
      case CueKind::kByline:
        if (el.cue.kind == CueKind::kNone) el.cue = c;
        break;
      case CueKind::kNone:
        break;
    }
  };
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    if (EqNoCase(a->name, "class") || EqNoCase(a->name, "id")) {
      ForEachWord(a->value, [&](std::string_view w) { take(cues.Lookup(w)); });
    } else if (EqNoCase(a->name, "itemprop")) {
      if (EqNoCase(a->value, "articlebody")) el.article_body = true;
      else if (EqNoCase(a->value, "author")) take(cues.Lookup("author"));
      else if (EqNoCase(a->value, "datepublished")) {
        std::string d = NormaliseDate(AttrValue(e, "content"), cues);
        if (d.empty()) d = NormaliseDate(AttrValue(e, "datetime"), cues);
        if (!d.empty() && time_date.empty()) time_date = d;
      }
    } else if (EqNoCase(a->name, "role")) {
      if (EqNoCase(a->value, "navigation") || EqNoCase(a->value, "menu") ||
          EqNoCase(a->value, "menubar"))
        take(cues.Lookup("navigation"));
      else if (EqNoCase(a->value, "complementary")) take(cues.Lookup("aside"));
      else if (EqNoCase(a->value, "contentinfo")) take(cues.Lookup("footer"));
      else if (EqNoCase(a->value, "dialog") || EqNoCase(a->value, "alertdialog")) take(cues.Lookup("modal"));
    } else if (EqNoCase(a->name, "rel") && EqNoCase(a->value, "author")) {
      take(cues.Lookup("author"));
    } else if (tag == GUMBO_TAG_HTML && EqNoCase(a->name, "lang")) {
      html_lang = FromAttr(a, 0, "html:html[lang]");
    }
  }
  if (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY) el.cue = Cue();
  if (el.block) FlushBlock();
  current = static_cast<uint32_t>(elems.size());
  el.first_block = static_cast<uint32_t>(blocks.size());
  elems.push_back(el);
}

void Extractor::Impl::Walk(GumboNode* root) {
  struct Frame {
    GumboNode* node;
    uint32_t next;
    uint32_t elem, saved_current, saved_owner, saved_byline;
    bool entered;
  };
  std::vector<Frame> stack;
  stack.reserve(256);
  stack.push_back({root, 0, kNone, kNone, kNone, kNone, false});
  while (!stack.empty()) {
    Frame& f = stack.back();
    GumboNode* node = f.node;
    if (!f.entered) {
      f.entered = true;
      if (node->type != GUMBO_NODE_ELEMENT) {
        if ((node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) && owner != kNone) {
          const GumboText& tx = node->v.text;
          const char* base = compact.html.data();
          const char* d = tx.original_text.data;
          std::string_view dec(tx.text);
          // gumbo 0.10 can write invalid UTF-8 for a numeric reference
          // past U+10FFFF that overflows its int ("&#xEEEEEEEE"): the
          // bad bytes become U+FFFD like any other invalid input.
          std::string repaired;
          if (utf8::FindInvalid(dec).has_value()) dec = repaired = utf8::ReplaceInvalid(dec);
          if (node->type == GUMBO_NODE_TEXT && d >= base &&
              d + tx.original_text.length <= base + compact.html.size()) {
            AlignText({d, tx.original_text.length}, static_cast<uint32_t>(d - base), dec,
                      link_depth > 0, &sink);
          } else {
            uint32_t at = d >= base && d < base + compact.html.size() ? static_cast<uint32_t>(d - base) : 0;
            sink.Decoded(dec.data(), dec.size(), at, 0, link_depth > 0);
          }
          last_br = false;
        } else if (node->type == GUMBO_NODE_WHITESPACE && owner != kNone) {
          sink.Space(static_cast<uint32_t>(node->v.text.original_text.data - compact.html.data()));
        }
        stack.pop_back();
        continue;
      }
      f.saved_current = current;
      f.saved_owner = owner;
      f.saved_byline = byline_elem;
      bool descend;
      size_t before = elems.size();
      EnterElement(node, &descend);
      if (!descend) {
        current = f.saved_current;
        stack.pop_back();
        continue;
      }
      GumboTag tag = node->v.element.tag;
      if (elems.size() > before) {
        f.elem = static_cast<uint32_t>(elems.size() - 1);
        Elem& el = elems[f.elem];
        if (el.block) owner = f.elem;
        if (el.cue.kind == CueKind::kByline) byline_elem = f.elem;
      }
      if (tag == GUMBO_TAG_A) ++link_depth;
      if (IsHeading(tag)) ++heading;
      if (tag == GUMBO_TAG_H1) h1 = true;
      if (tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_FIGCAPTION) ++figure;
      if (tag == GUMBO_TAG_LI) ++list_item;
      if (tag == GUMBO_TAG_P) ++paragraph;
    }
    const GumboVector& children = node->v.element.children;
    if (f.next < children.length) {
      auto* child = static_cast<GumboNode*>(children.data[f.next++]);
      stack.push_back({child, 0, kNone, kNone, kNone, kNone, false});
      continue;
    }
    // Leaving the element.
    GumboTag tag = node->v.element.tag;
    if (f.elem != kNone) {
      if (elems[f.elem].block) FlushBlock();
      elems[f.elem].end_block = static_cast<uint32_t>(blocks.size());
    }
    if (tag == GUMBO_TAG_A && link_depth > 0) --link_depth;
    if (IsHeading(tag) && heading > 0) --heading;
    if (tag == GUMBO_TAG_H1) h1 = false;
    if ((tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_FIGCAPTION) && figure > 0) --figure;
    if (tag == GUMBO_TAG_LI && list_item > 0) --list_item;
    if (tag == GUMBO_TAG_P && paragraph > 0) --paragraph;
    current = f.saved_current;
    owner = f.saved_owner;
    byline_elem = f.saved_byline;
    stack.pop_back();
  }
  FlushBlock();
}

void Extractor::Impl::Score() {
  // Characters and prose characters (long blocks with few links) per element.
  for (const Block& b : blocks) {
    elems[b.elem].chars += b.chars;
    if (b.chars >= 80 && b.link_chars * 10 < b.chars * 3) elems[b.elem].prose += b.chars;
  }
  for (size_t i = elems.size(); i-- > 1;) {
    if (elems[i].parent == kNone) continue;
    elems[elems[i].parent].chars += elems[i].chars;
    elems[elems[i].parent].prose += elems[i].prose;
  }
  const double total_prose = elems.empty() ? 0 : elems[0].prose;
  // Which cues apply; nearest applying ancestor (pre-order: parents first).
  // A cue on an element that holds most of the page's prose is a layout
  // class ("page-ad-wrapper", "has-sidebar"), not furniture.
  for (size_t i = 0; i < elems.size(); ++i) {
    Elem& e = elems[i];
    e.neg = e.parent == kNone ? kNone : elems[e.parent].neg;
    if (e.neg != kNone) continue;
    bool applies = false;
    if (e.cue.kind == CueKind::kStrongNegative)
      applies = e.prose <= t.strong_negative_share * total_prose;
    else if (e.cue.kind == CueKind::kNegative)
      applies = e.prose <= t.weak_negative_share * total_prose;
    if ((e.tag == GUMBO_TAG_MAIN || e.tag == GUMBO_TAG_ARTICLE || e.article_body) &&
        e.cue.kind != CueKind::kStrongNegative)
      applies = false;
    if (applies) e.neg = static_cast<uint32_t>(i);
  }
  // Good and junk text.
  for (Block& b : blocks) {
    Elem& owner_elem = elems[b.elem];
    double good = 0, junk = 0;
    const double nonlink = b.chars - b.link_chars;
    const double density = b.chars > 0 ? static_cast<double>(b.link_chars) / b.chars : 0;
    if (owner_elem.neg != kNone) {
      junk = b.chars;
    } else if (b.starts_with_link && b.link_chars * 5 >= b.chars) {
      junk = b.chars;  // a teaser: headline link and summary
    } else if (b.chars >= t.min_block_chars && density < t.max_link_density) {
      good = nonlink;
      if (b.punct == 0 && !(b.flags & block_flags::kParagraph)) good *= 0.5;
      junk = b.link_chars;
    } else {
      junk = b.link_chars + (density >= t.max_link_density ? nonlink : 0);
    }
    owner_elem.good += good;
    owner_elem.junk += junk;
    // The container score counts a block for its owner and parent fully,
    // then less and less up to three levels: a far ancestor does not win by
    // gathering scattered teasers.
    static constexpr double kDecay[] = {1.0, 1.0, 0.5, 0.25};
    uint32_t e = b.elem;
    for (double w : kDecay) {
      if (e == kNone) break;
      elems[e].score += w * (good - t.junk_weight * junk);
      e = elems[e].parent;
    }
  }
  for (size_t i = elems.size(); i-- > 1;) {
    Elem& e = elems[i];
    if (e.parent == kNone) continue;
    double bonus = (e.positive ? t.positive_bonus : 0) + (e.article_body ? 2 * t.positive_bonus : 0);
    e.good *= 1 + bonus;
    elems[e.parent].good += e.good;
    elems[e.parent].junk += e.junk;
  }
}

void Extractor::Impl::Choose(Extraction* out) {
  // The main container.
  uint32_t best = kNone;
  double best_score = 0;
  for (size_t i = 0; i < elems.size(); ++i) {
    const Elem& e = elems[i];
    if (!e.block || e.neg != kNone || e.good <= 0) continue;
    double bonus = (e.positive ? t.positive_bonus : 0) + (e.article_body ? 2 * t.positive_bonus : 0);
    double score = e.score * (1 + bonus);
    if (best == kNone || score > best_score) {
      best = static_cast<uint32_t>(i);
      best_score = score;
    }
  }
  kept.clear();
  reason_of.assign(blocks.size(), 0);  // 0 = outside the main text
  if (best == kNone) {
    if (debug) {
      std::fprintf(stderr, "no container among %zu elements, %zu blocks\n", elems.size(), blocks.size());
      for (size_t i = 0; i < blocks.size(); ++i)
        if (blocks[i].chars > 100) std::fprintf(stderr, "b%zu e%u chars %u link %u\n", i, blocks[i].elem, blocks[i].chars, blocks[i].link_chars);
      if (!blocks.empty()) {
        uint32_t e = blocks[blocks.size() / 2].elem;
        for (; e != kNone; e = elems[e].parent)
          std::fprintf(stderr, "  e%u <%s> neg %u cue %d reason %s rule %s chars %u\n", e,
                       gumbo_normalized_tagname(elems[e].tag), elems[e].neg, (int)elems[e].cue.kind,
                       cues.reasons()[elems[e].cue.reason].c_str(),
                       elems[e].cue.kind == CueKind::kNone ? "" : cues.rules()[elems[e].cue.line].c_str(), elems[e].chars);
      }
    }
    return;
  }
  // Climb while the parent adds good text and little junk (paragraphs each
  // in a wrapper of its own, an article cut by an advert).
  while (elems[best].parent != kNone) {
    const Elem& c0 = elems[best];
    const Elem& p = elems[c0.parent];
    if (p.neg != kNone || p.tag == GUMBO_TAG_BODY || p.tag == GUMBO_TAG_HTML) break;
    const double added_good = p.good - c0.good, added_junk = p.junk - c0.junk;
    if (added_good < 0.2 * c0.good || added_junk > t.climb_junk_ratio * added_good) break;
    best = c0.parent;
  }
  // Blocks of the container and of its good siblings.
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  const Elem& c = elems[best];
  if (c.parent != kNone) {
    const uint32_t parent = c.parent;
    for (uint32_t i = parent + 1; i < elems.size() && elems[i].first_block < elems[parent].end_block; ++i) {
      const Elem& s = elems[i];
      if (s.parent != parent) continue;
      if (i == best) {
        ranges.push_back({s.first_block, s.end_block});
        continue;
      }
      if (s.neg != kNone || s.good < t.sibling_min_chars || s.junk > 0.25 * s.good) continue;
      ranges.push_back({s.first_block, s.end_block});
    }
  } else {
    ranges.push_back({c.first_block, c.end_block});
  }
  for (auto [b, e] : ranges) {
    for (uint32_t i = b; i < e; ++i) {
      const Block& bl = blocks[i];
      const Elem& owner_elem = elems[bl.elem];
      if (owner_elem.neg != kNone) {
        reason_of[i] = static_cast<uint8_t>(1 + elems[owner_elem.neg].cue.reason);
        continue;
      }
      double density = static_cast<double>(bl.link_chars) / bl.chars;
      if (density >= t.max_link_density) {
        reason_of[i] = 255;  // links
        continue;
      }
      if (bl.byline != kNone && elems[bl.byline].chars <= 250) {
        reason_of[i] = 254;  // byline: moved to the byline line
        continue;
      }
      if (bl.flags & block_flags::kH1) {
        reason_of[i] = 253;  // title
        continue;
      }
      kept.push_back(i);
      reason_of[i] = 252;  // kept
    }
  }
  (void)out;
  if (debug) {
    std::fprintf(stderr, "container %u <%s> good %.0f junk %.0f blocks %u-%u parent %u (%u-%u) ranges %zu\n", best,
                 gumbo_normalized_tagname(c.tag), c.good, c.junk, c.first_block, c.end_block, c.parent,
                 c.parent == kNone ? 0 : elems[c.parent].first_block, c.parent == kNone ? 0 : elems[c.parent].end_block, ranges.size());
    for (uint32_t i = 0; i < blocks.size(); ++i) {
      const Block& b = blocks[i];
      const Elem& el = elems[b.elem];
      std::string_view txt = std::string_view(block_text).substr(b.begin, std::min<uint32_t>(b.end - b.begin, 90));
      std::fprintf(stderr, "%4u %c e%u <%s> neg=%s chars=%u link=%u p=%u  %.*s\n", i,
                   reason_of[i] == 252 ? '+' : '-', b.elem, gumbo_normalized_tagname(el.tag),
                   el.neg == kNone ? "" : cues.reasons()[elems[el.neg].cue.reason].c_str(), b.chars,
                   b.link_chars, b.punct, static_cast<int>(txt.size()), txt.data());
    }
  }
}

namespace {

// Normalised form for comparing titles: lower-case ASCII letters and digits.
std::string TitleKey(std::string_view s) {
  std::string k;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      k.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return k;
}

// Cuts text at a UTF-8 boundary at most n bytes long.
std::string_view Clip(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

void Extractor::Impl::Output(Extraction* out) {
  JsonLd ld;
  for (Span sp : compact.jsonld) ReadJsonLd(src.substr(sp.begin, sp.size()), cues, &ld);
  std::string_view arena(block_text);
  auto block_view = [&](uint32_t b, uint32_t e) { return arena.substr(b, e - b); };
  // A metadata text copied into the arena: [begin, end) there.
  auto arena_text = [&](const AttrText& a, bool verbatim_ok) -> std::pair<uint32_t, uint32_t> {
    FlushBlock();
    uint32_t b = static_cast<uint32_t>(block_text.size());
    std::string_view orig = std::string_view(compact.html).substr(a.begin, a.end - a.begin);
    if (verbatim_ok && a.end > a.begin) AlignText(orig, a.begin, a.value, false, &sink);
    else sink.Decoded(a.value.data(), a.value.size(), a.begin, a.end - a.begin, false);
    uint32_t e = static_cast<uint32_t>(block_text.size());
    block_begin = e;
    sink.StartBlock();
    return {b, e};
  };

  // Title: the h1 that matches og:title or <title>, else og:title, else
  // <title> without the site's name.
  std::pair<uint32_t, uint32_t> title{0, 0};
  std::string title_rule;
  uint32_t title_block = kNone;
  {
    std::string og = TitleKey(og_title.value), tt = TitleKey(title_tag.value),
                hl = TitleKey(ld.headline);
    uint32_t first_h1 = kNone;
    for (uint32_t bi : h1_blocks) {
      const Block& b = blocks[bi];
      if (elems[b.elem].neg != kNone) continue;
      if (first_h1 == kNone) first_h1 = bi;
      std::string k = TitleKey(block_view(b.begin, b.end));
      if (k.size() < 8) continue;
      bool match = (!og.empty() && (og.find(k) != std::string::npos || k.find(og) != std::string::npos)) ||
                   (!tt.empty() && tt.find(k) != std::string::npos) ||
                   (!hl.empty() && (hl.find(k) != std::string::npos || k.find(hl) != std::string::npos));
      if (match) {
        title = {b.begin, b.end};
        title_rule = "html:h1";
        title_block = bi;
        break;
      }
    }
    arena = block_text;  // arena_text() may grow it
    if (title_rule.empty() && og_title.set()) {
      title = arena_text(og_title, true);
      title_rule = og_title.rule;
    } else if (title_rule.empty() && title_tag.set() && title_tag.end > title_tag.begin) {
      AttrText tt_attr = title_tag;
      auto [b, e] = arena_text(tt_attr, true);
      // Keep the longest part between separators ("Headline | Site").
      std::string_view v = std::string_view(block_text).substr(b, e - b);
      size_t best_b = 0, best_len = 0, start = 0;
      for (size_t i = 0; i <= v.size(); ++i) {
        bool sep_here = false;
        size_t sep_len = 0;
        for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xAB "}) {
          if (v.substr(i, sep.size()) == sep) {
            sep_here = true;
            sep_len = sep.size();
            break;
          }
        }
        if (i == v.size() || sep_here) {
          if (i - start > best_len) {
            best_b = start;
            best_len = i - start;
          }
          if (sep_here) {
            start = i + sep_len;
            i += sep_len - 1;
          }
        }
      }
      title = {b + static_cast<uint32_t>(best_b), b + static_cast<uint32_t>(best_b + best_len)};
      title_rule = "html:title";
    } else if (title_rule.empty() && first_h1 != kNone) {
      title = {blocks[first_h1].begin, blocks[first_h1].end};
      title_rule = "html:h1";
      title_block = first_h1;
    }
  }
  arena = block_text;

  // Byline: the first byline block before the end of the kept text.
  uint32_t last_kept = kept.empty() ? 0 : kept.back();
  uint32_t byline_block = kNone;
  for (uint32_t i = 0; i < blocks.size() && i <= last_kept; ++i) {
    const Block& b = blocks[i];
    if (b.byline == kNone || elems[b.elem].neg != kNone || b.chars > 200 ||
        elems[b.byline].chars > 250)
      continue;
    byline_block = i;
    break;
  }

  // Output text: title, byline, body.
  OffsetMap to_compact;
  std::string& text = out->text;
  auto append = [&](uint32_t b, uint32_t e, BlockKind kind) {
    if (e <= b) return;
    uint32_t start_compact = block_map.MapBegin(b);
    if (!text.empty()) {
      to_compact.Add(static_cast<uint32_t>(text.size()), 2, start_compact, 0);
      text += "\n\n";
    }
    OutBlock ob;
    ob.span.begin = static_cast<uint32_t>(text.size());
    ob.kind = kind;
    // Copy the arena pieces that cover [b, e).
    const auto& pieces = block_map.pieces();
    auto it = std::upper_bound(pieces.begin(), pieces.end(), b,
                               [](uint32_t v, const OffsetMap::Piece& p) { return v < p.begin + p.length; });
    for (; it != pieces.end() && it->begin < e; ++it) {
      uint32_t pb = std::max(b, it->begin), pe = std::min(e, it->begin + it->length);
      if (pe <= pb) continue;
      if (it->verbatim) {
        to_compact.Add(static_cast<uint32_t>(text.size()), pe - pb, it->raw_begin + (pb - it->begin), pe - pb);
      } else {
        to_compact.AddWhole(static_cast<uint32_t>(text.size()), pe - pb, it->raw_begin, it->raw_length);
      }
      text.append(block_text, pb, pe - pb);
    }
    ob.span.end = static_cast<uint32_t>(text.size());
    out->blocks.push_back(ob);
    return;
  };
  if (title.second > title.first) {
    append(title.first, title.second, BlockKind::kTitle);
    out->title.value = std::string(std::string_view(block_text).substr(title.first, title.second - title.first));
    out->title.rule = title_rule;
  } else if (!ld.headline.empty()) {
    out->title.value = ld.headline;
    out->title.rule = "html:json-ld[headline]";
  }
  if (byline_block != kNone) {
    const Block& b = blocks[byline_block];
    append(b.begin, b.end, BlockKind::kByline);
    out->byline.value = std::string(std::string_view(block_text).substr(b.begin, b.end - b.begin));
    out->byline.rule = "html:byline-block";
  }
  for (uint32_t bi : kept) append(blocks[bi].begin, blocks[bi].end, BlockKind::kBody);
  out->map = to_compact.ComposeWith(compact.map);
  for (OutBlock& ob : out->blocks) {
    if (ob.kind == BlockKind::kTitle) out->title.source = {out->map.MapBegin(ob.span.begin), out->map.MapEnd(ob.span.end)};
    if (ob.kind == BlockKind::kByline) out->byline.source = {out->map.MapBegin(ob.span.begin), out->map.MapEnd(ob.span.end)};
  }

  // Author, outlet, date, language, canonical address.
  if (meta_author.set()) {
    out->author = {meta_author.value, ToSource(meta_author.begin, meta_author.end), meta_author.rule};
  } else if (!ld.authors.empty()) {
    std::string names;
    for (const std::string& a : ld.authors) names += (names.empty() ? "" : ", ") + a;
    out->author = {names, {}, "html:json-ld[author]"};
  }
  if (site_name.set()) out->outlet = {site_name.value, ToSource(site_name.begin, site_name.end), site_name.rule};
  else if (!ld.publisher.empty()) out->outlet = {ld.publisher, {}, "html:json-ld[publisher]"};
  if (canonical.set()) out->canonical = {canonical.value, ToSource(canonical.begin, canonical.end), canonical.rule};
  if (meta_date.set()) {
    out->published = {meta_date.value, ToSource(meta_date.begin, meta_date.end), meta_date.rule};
  } else if (!ld.published.empty()) {
    out->published = {ld.published, {}, "html:json-ld[datePublished]"};
  } else if (!time_date.empty()) {
    out->published = {time_date, {}, "html:time[datePublished]"};
  } else if (std::string d = DateFromUrl(url.empty() ? canonical.value : url); !d.empty()) {
    out->published = {d, {}, "html:url-date"};
  } else if (!first_time_date.empty()) {
    out->published = {first_time_date, {}, "html:time"};
  }
  if (html_lang.set()) {
    std::string l;
    for (char c : html_lang.value) {
      if (!std::isalpha(static_cast<unsigned char>(c))) break;
      l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (l.size() == 2 || l.size() == 3) out->lang = {l, ToSource(html_lang.begin, html_lang.end), html_lang.rule};
  }

  // What was dropped, in runs of blocks with the same reason.
  std::string reason, rule, dropped_text;
  uint32_t run_begin = 0, run_end = 0;
  bool open = false;
  auto close = [&]() {
    if (!open) return;
    std::string_view clipped = Clip(dropped_text, 300);
    out->dropped.push_back({ToSource(run_begin, run_end),
                            std::string(clipped) + (clipped.size() < dropped_text.size() ? "\xE2\x80\xA6" : ""),
                            reason, rule});
    open = false;
  };
  for (uint32_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    uint8_t r = reason_of[i];
    if (r == 252 || i == title_block || i == byline_block) {
      close();
      continue;
    }
    std::string why, where;
    if (elems[b.elem].neg != kNone) {
      const Cue& c = elems[elems[b.elem].neg].cue;
      why = cues.reasons()[c.reason];
      where = cues.rules()[c.line];
    } else if (r == 255) {
      why = "links";
      where = "html:link-density";
    } else if (r == 254) {
      why = "byline";
      where = "html:byline-block";
    } else {
      why = "outside_main";
      where = "html:content-score";
    }
    const uint32_t begin = block_map.MapBegin(b.begin), end = block_map.MapEnd(b.end);
    if (!open || why != reason) {
      close();
      reason = why;
      rule = where;
      dropped_text.clear();
      run_begin = begin;
      run_end = end;
      open = true;
    } else {
      dropped_text += " / ";
      // The parser moves stray text out of a table ("foster parenting"), so blocks in
      // reading order need not be in source order: the run covers all of them.
      run_begin = std::min(run_begin, begin);
      run_end = std::max(run_end, end);
    }
    if (dropped_text.size() < 400) dropped_text.append(Clip(block_view(b.begin, b.end), 400));
  }
  close();
  // Elements the pre-scan left out whole (nav): their text, tags stripped.
  for (const PrescanDrop& d : compact.dropped) {
    std::string text;
    bool in_tag = false, space = false;
    for (char ch : src.substr(d.source.begin, d.source.size())) {
      if (ch == '<') in_tag = true;
      else if (ch == '>') { in_tag = false; space = true; }
      else if (!in_tag) {
        if (IsSpace(ch)) { space = true; continue; }
        if (space && !text.empty()) text.push_back(' ');
        space = false;
        text.push_back(ch);
        if (text.size() >= 300) break;
      }
    }
    out->dropped.push_back({d.source, std::string(Clip(text, 300)), cues.reasons()[d.cue.reason],
                            cues.rules()[d.cue.line]});
  }
  std::sort(out->dropped.begin(), out->dropped.end(),
            [](const DroppedBlock& a, const DroppedBlock& b) { return a.source.begin < b.source.begin; });
}

Status Extractor::Impl::Run(std::string_view source, std::string_view page_url, Extraction* out) {
  *out = Extraction();
  Status s = CompactHtml(source, &cues, t.depth_limit, &compact);
  if (!s.ok()) return s;
  elems.clear();
  blocks.clear();
  block_text.clear();
  block_map = OffsetMap();
  h1_blocks.clear();
  sink.Reset(&block_text, &block_map, compact.html.data());
  owner = current = byline_elem = kNone;
  link_depth = heading = figure = list_item = paragraph = 0;
  h1 = last_br = false;
  block_begin = 0;
  og_title = meta_author = site_name = meta_date = canonical = html_lang = title_tag = AttrText();
  time_date.clear();
  first_time_date.clear();
  url.assign(page_url);
  src = source;

  GumboOptions options = kGumboDefaultOptions;
  options.allocator = ArenaAlloc;
  options.deallocator = ArenaFree;
  options.userdata = &arena;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, compact.html.data(), compact.html.size());
  if (output == nullptr || output->root == nullptr) {
    arena.Reset();
    return Status(ErrorCode::kNoMainText, "the page could not be parsed");
  }
  Walk(output->root);
  Score();
  Choose(out);
  Output(out);
  arena.Reset();
  if (out->BodyText().empty()) return Status(ErrorCode::kNoMainText, "no main text found in the page");
  return Status::Ok();
}

}  // namespace vigie::html
