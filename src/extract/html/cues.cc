// Loading data/extract/html_cues.txt; see cues.h.
//
// Line kinds:
//   negative WORD REASON         class/id word of furniture; ignored on an
//                                element holding most of the page's text
//   strong-negative WORD REASON  same, always applied (comments, consent)
//   positive WORD                class/id word of the article body
//   byline WORD                  class/id word of a byline or author block
//   tag TAG REASON               an element dropped whatever its class
//   date-meta NAME               a meta name/property/itemprop with the
//                                publication date, best first
//   month NAME NUMBER            a month name or abbreviation in written dates
//   set NAME VALUE               a tunable (see Tunables)
#include "extract/html/cues.h"

#include <cstdlib>

namespace vigie::html {

HtmlCues::HtmlCues() : tags_(GUMBO_TAG_LAST + 1) { reasons_.push_back(""); }

uint8_t HtmlCues::ReasonIndex(std::string_view reason) {
  for (size_t i = 0; i < reasons_.size(); ++i)
    if (reasons_[i] == reason) return static_cast<uint8_t>(i);
  reasons_.emplace_back(reason);
  return static_cast<uint8_t>(reasons_.size() - 1);
}

int HtmlCues::DateMetaRank(std::string_view name) const {
  for (size_t i = 0; i < date_meta_.size(); ++i) {
    const std::string& m = date_meta_[i];
    if (m.size() != name.size()) continue;
    bool same = true;
    for (size_t k = 0; k < m.size() && same; ++k)
      same = m[k] == static_cast<char>(std::tolower(static_cast<unsigned char>(name[k])));
    if (same) return static_cast<int>(i);
  }
  return -1;
}

Status HtmlCues::Add(const DataLine& line) {
  const auto& f = line.fields;
  if (f.empty()) return Status::Ok();
  std::string_view kind = f[0];
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  auto rule = [&]() {
    rules_.push_back(line.Where());
    return static_cast<uint16_t>(rules_.size() - 1);
  };
  if (kind == "negative" || kind == "strong-negative") {
    if (f.size() != 3) return line.Error("expected: " + std::string(kind) + "  WORD  REASON");
    if (reasons_.size() >= 250) return line.Error("too many reasons");
    Cue c{kind == "negative" ? CueKind::kNegative : CueKind::kStrongNegative, ReasonIndex(f[2]), rule()};
    words_[lower(f[1])] = c;
    return Status::Ok();
  }
  if (kind == "positive" || kind == "byline") {
    if (f.size() != 2) return line.Error("expected: " + std::string(kind) + "  WORD");
    words_[lower(f[1])] = Cue{kind == "positive" ? CueKind::kPositive : CueKind::kByline, 0, rule()};
    return Status::Ok();
  }
  if (kind == "tag") {
    if (f.size() != 3) return line.Error("expected: tag  TAG  REASON");
    std::string name = lower(f[1]);
    GumboTag tag = gumbo_tag_enum(name.c_str());
    if (tag == GUMBO_TAG_UNKNOWN) return line.Error("unknown HTML tag '" + name + "'");
    tags_[tag] = Cue{CueKind::kNegative, ReasonIndex(f[2]), rule()};
    return Status::Ok();
  }
  if (kind == "date-meta") {
    if (f.size() != 2) return line.Error("expected: date-meta  NAME");
    date_meta_.push_back(lower(f[1]));
    return Status::Ok();
  }
  if (kind == "month") {
    if (f.size() != 3) return line.Error("expected: month  NAME  NUMBER");
    int n = std::atoi(std::string(f[2]).c_str());
    if (n < 1 || n > 12) return line.Error("month number must be 1-12");
    months_[lower(f[1])] = n;
    return Status::Ok();
  }
  if (kind == "set") {
    if (f.size() != 3) return line.Error("expected: set  NAME  VALUE");
    std::string value(f[2]);
    char* end = nullptr;
    double v = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || v < 0) return line.Error("not a number: " + value);
    Tunables& t = tunables_;
    if (f[1] == "min_block_chars") t.min_block_chars = static_cast<uint32_t>(v);
    else if (f[1] == "max_link_density") t.max_link_density = v;
    else if (f[1] == "junk_weight") t.junk_weight = v;
    else if (f[1] == "positive_bonus") t.positive_bonus = v;
    else if (f[1] == "sibling_min_chars") t.sibling_min_chars = static_cast<uint32_t>(v);
    else if (f[1] == "weak_negative_share") t.weak_negative_share = v;
    else if (f[1] == "strong_negative_share") t.strong_negative_share = v;
    else if (f[1] == "climb_junk_ratio") t.climb_junk_ratio = v;
    else if (f[1] == "depth_limit") t.depth_limit = static_cast<uint32_t>(v);
    else return line.Error("unknown setting '" + std::string(f[1]) + "'");
    return Status::Ok();
  }
  return line.Error("unknown kind '" + std::string(kind) +
                    "' (negative, strong-negative, positive, byline, tag, date-meta, month, set)");
}

}  // namespace vigie::html
