// Pre-scan of an HTML page before gumbo: a compact copy that parses to the
// same tree for everything extraction reads, and is 2-3 times smaller.
//
// gumbo (libgumbo 0.10) tokenises at about 25-30 MB/s, character by
// character, and news pages are mostly scripts, styles, inline SVG and
// attributes nobody reads. The pre-scan is a small HTML tokenizer (tags,
// attributes with quotes, comments, raw-text elements) that copies the page
// with:
//   - the bodies of script, style, noscript, iframe, textarea, select,
//     template, svg and math elements left out (their tags stay, so the tree
//     keeps its shape), JSON-LD script bodies kept aside as source spans;
//   - comments and processing instructions left out;
//   - script, style, noscript, iframe, select, template, svg, math and
//     button elements left out whole, and nav elements (recorded as dropped);
//   - img, input, source and other void tags that carry no text left out,
//     meta tags other than title, author, date, site and address ones, link
//     tags other than rel=canonical;
//   - only the attributes extraction reads (class and id reduced to the
//     words html_cues.txt knows, lang, itemprop, meta and link fields,
//     datetime, hidden, role, a style that hides);
//   - runs of white space outside <pre> shortened to one character.
// Text is copied verbatim, so text nodes map back to the source exactly
// through the returned map (compact -> source). It also counts an
// approximate nesting depth, so a page nested deeper than the limit is
// refused before gumbo (whose tree construction is quadratic in depth).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "doc/document.h"
#include "extract/html/cues.h"

namespace vigie::html {

// An element left out whole by the pre-scan because its tag is furniture
// (nav, footer per html_cues.txt).
struct PrescanDrop {
  Span source;  // the element, tags included
  Cue cue;      // the tag's cue (reason, rule)
};

struct Compacted {
  std::string html;              // what gumbo parses
  OffsetMap map;                 // html -> source
  std::vector<Span> jsonld;      // source spans of application/ld+json bodies
  std::vector<PrescanDrop> dropped;
  uint32_t max_depth = 0;        // approximate element nesting depth
};

// Fills *out from the page source. kTooDeeplyNested past depth_limit.
// With cues, class and id values keep only the words the cues know (the
// others cannot change the extraction), and elements whose tag is a
// furniture cue and never holds article text (nav) are left out whole.
Status CompactHtml(std::string_view source, const HtmlCues* cues, uint32_t depth_limit,
                   Compacted* out);

}  // namespace vigie::html
