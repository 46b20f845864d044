// Page metadata that is not in the tree walk: JSON-LD (schema.org
// NewsArticle and friends), dates written in many ways, dates in URLs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/html/cues.h"

namespace vigie::html {

struct JsonLd {
  std::string type;       // the @type of the article object
  std::string headline;
  std::string published;  // YYYY-MM-DD
  std::vector<std::string> authors;
  std::string publisher;
};

// Reads one application/ld+json block; merges what it finds into *out
// (fields already set are kept). Malformed or deeply nested JSON is ignored.
void ReadJsonLd(std::string_view json, const HtmlCues& cues, JsonLd* out);

}  // namespace vigie::html
