// What the HTML extractor knows about page furniture, read from
// data/extract/html_cues.txt: words of class and id attributes that mark
// navigation, consent banners, share widgets, comments, related lists (and
// the reason recorded when they are dropped), words that mark the article
// body and the byline, elements dropped whatever their class, the meta
// fields that carry a publication date, and the extractor's tunables.
//
// A class or id is cut into words at every non-letter-or-digit and at
// lower-to-upper case changes ("share-bar", "shareBar" -> share, bar), and
// each word is looked up whole, so "ad" never matches inside "headline".
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"
#include "base/string_map.h"

namespace vigie::html {

enum class CueKind : uint8_t { kNone, kNegative, kStrongNegative, kPositive, kByline };

struct Cue {
  CueKind kind = CueKind::kNone;
  uint8_t reason = 0;  // index into reasons() for negative cues
  uint16_t line = 0;   // index into rules() (file:line)
};

struct Tunables {
  uint32_t min_block_chars = 25;     // shorter blocks neither help nor hurt a container
  double max_link_density = 0.5;     // blocks with more link text are dropped
  double junk_weight = 1.0;          // cost of a junk character in a container's score
  double positive_bonus = 0.15;      // extra weight of text under a positive cue
  uint32_t sibling_min_chars = 150;  // a sibling of the main container joins it from this much text
  double weak_negative_share = 0.5;    // a weak cue on an element with more of the page's prose is ignored
  double strong_negative_share = 0.7;  // the same for strong cues
  uint32_t depth_limit = 2000;       // deeper pages are refused
  double climb_junk_ratio = 0.3;     // the container grows to its parent while the parent adds less junk than this per good character
};

class HtmlCues {
 public:
  HtmlCues();
  // One line of html_cues.txt.
  Status Add(const DataLine& line);

  // The cue of one lower-case word of a class or id.
  Cue Lookup(std::string_view word) const {
    auto it = words_.find(word);
    return it == words_.end() ? Cue() : it->second;
  }
  // The cue of an element by its tag alone (nav, footer, aside, ...).
  Cue TagCue(GumboTag tag) const { return tag < tags_.size() ? tags_[tag] : Cue(); }
  // Priority (0 = best) of a meta name/property carrying a publication date, or -1.
  int DateMetaRank(std::string_view name) const;
  // Month number of a lower-case month name or abbreviation ("nov", "novembre"), or 0.
  int Month(std::string_view name) const {
    auto it = months_.find(name);
    return it == months_.end() ? 0 : it->second;
  }

  const std::vector<std::string>& reasons() const { return reasons_; }
  const std::vector<std::string>& rules() const { return rules_; }
  const Tunables& tunables() const { return tunables_; }

 private:
  uint8_t ReasonIndex(std::string_view reason);
  StringMap<Cue> words_;
  std::vector<Cue> tags_;
  std::vector<std::string> date_meta_;
  StringMap<int> months_;
  std::vector<std::string> reasons_;
  std::vector<std::string> rules_;
  Tunables tunables_;
};

}  // namespace vigie::html
