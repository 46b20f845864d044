// Main-text extraction from an HTML page, on gumbo's HTML5 tree.
//
// Extract() pre-scans the page (prescan.h), parses it with gumbo into an
// arena that is thrown away whole (no recursive tree destruction), and walks
// the tree once, iteratively, cutting its text into blocks: the runs of text
// under one block-level element (p, li, h2, div with text, ...), entities
// decoded and white space collapsed, each character mapped to the bytes of
// the text node it came from. Elements are marked from the cues of
// data/extract/html_cues.txt (class and id words, tags).
//
// Content scoring: every block counts as good text (long enough, few links,
// under no furniture cue) or junk (link text, text under a cue); each
// element's score is its good text minus its junk. The best element is the
// main container; its blocks are kept, and so are the blocks of siblings
// that are mostly good text (an article cut in two by an advert). Within
// them, blocks under a cue or dense in links are dropped, each drop
// recorded with its reason. The page's metadata comes from the same walk:
// title (og:title, <title>, the h1 that matches them), publication date
// (meta fields, JSON-LD datePublished, <time>, a date in the URL), author
// and byline (byline blocks, meta author, JSON-LD author), outlet
// (og:site_name, JSON-LD publisher) and language (<html lang>).
//
// The invariant kept for evidence: every byte of the extracted text is
// either a verbatim copy of source bytes inside the text node (or attribute
// value) it came from, or a decoded entity / collapsed white-space run that
// maps as a whole to the source bytes that spelled it, or an inserted
// separator mapping to an empty source range between the two.
#pragma once

#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "doc/document.h"
#include "extract/html/cues.h"
#include "extract/html/prescan.h"

namespace vigie::html {

enum class BlockKind : uint8_t { kTitle, kByline, kBody };

struct OutBlock {
  Span span;  // in Extraction::text
  BlockKind kind = BlockKind::kBody;
};

// A metadata value: its text, where it is in the source (empty when it is
// not a text span, e.g. a date normalised from JSON), and the rule.
struct MetaValue {
  std::string value;
  Span source;
  std::string rule;
};

struct DroppedBlock {
  Span source;         // source bytes from the first to the last dropped character
  std::string text;    // the dropped text (collapsed white space), at most ~300 bytes
  std::string reason;  // navigation, consent, share, comments, related, links, outside_main, ...
  std::string rule;    // html_cues.txt:line, or html:<built-in rule>
};

struct Extraction {
  std::string text;  // title, byline, body blocks, "\n\n" between them
  OffsetMap map;     // text -> source
  std::vector<OutBlock> blocks;
  MetaValue title, published, author, byline, outlet, lang, canonical;
  std::vector<DroppedBlock> dropped;
  // The body blocks only, joined with "\n\n" (what benchmarks score).
  std::string BodyText() const;
};

class Extractor {
 public:
  explicit Extractor(const HtmlCues& cues);
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Extracts from the page source (UTF-8). url: the page's address, if known
  // (for a date in the URL). kTooDeeplyNested, kNoMainText on failure.
  Status Extract(std::string_view source, std::string_view url, Extraction* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "2019-11-19" from "2019-11-19T08:00:00Z", "2019/11/19", "20191119",
// "Nov 19, 2019", "19 novembre 2019"; empty when it is not a date.
std::string NormaliseDate(std::string_view text, const HtmlCues& cues);

// The date in a URL path (/2019/11/19/, /2019-11-19-, /20191119/), or empty.
std::string DateFromUrl(std::string_view url);

}  // namespace vigie::html
