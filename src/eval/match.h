// Matching system events to gold events, as ../shared/gold/README.md
// defines it, and the PLOVER label comparison.
//
// A system event matches a gold event when
//   1. root:  the CAMEO roots (first two digits) are equal;
//   2. place: same GeoNames id, or within 25 km (haversine) of the gold
//             coordinates; a gold place with no coordinates needs the id;
//   3. date:  the system's range overlaps the gold range (inclusive);
//   4. actor: the gold source matches the system source, or the gold target
//             the system target, on its key: the group when the gold actor
//             has one, else the country and (when the gold gives one) the
//             sector.
// What the gold does not state (no place, no date, no actor) constrains
// nothing. The strict level also needs the full CAMEO code equal and every
// actor the gold states to match in its role.
//
// Each gold event matches at most one system event and each system event at
// most one gold event: a maximum bipartite matching (augmenting paths), run
// over the required gold events first, so that among the largest matchings
// it keeps as many required events as can be matched. Each gold event tries
// its candidates best first (strict, then nearer), so ties go the natural
// way. The strict figures come from a second maximum matching over the
// strict pairs only.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "eval/gold.h"

namespace vigie::eval {

constexpr double kPlaceRadiusKm = 25.0;


// Which conditions of the rule hold for one gold/system pair.
struct Conditions {
  bool root = false, place = false, date = false, actor = false;
  bool code = false;         // full CAMEO code equal (strict)
  bool both_actors = false;  // every stated gold actor matches in its role (strict)
  double distance_km = -1;   // -1 when either side has no coordinates
  bool Matches() const { return root && place && date && actor; }
  bool Strict() const { return Matches() && code && both_actors; }
  int Count() const { return root + place + date + actor; }
};
Conditions Compare(const GoldEvent& gold, const SystemEvent& system);

// Why a pair does not match: "CAMEO root 18, gold 19; date 2016-12-01..
// 2016-12-02 does not overlap 2016-12-10..2016-12-11"; "" when it matches.
std::string WhyNot(const Conditions& c, const GoldEvent& gold, const SystemEvent& system);
// Why a matching pair is not strict ("CAMEO code 190, gold 195"); "" if strict.
std::string WhyNotStrict(const Conditions& c, const GoldEvent& gold, const SystemEvent& system);

struct MatchedPair {
  size_t gold = 0, system = 0;
  bool strict = false;
  std::string not_strict;  // why not, when not strict
};

// A gold event left unmatched, or a system event left over: the nearest
// event on the other side (most conditions holding, then nearest) and why
// it does not match.
struct Unmatched {
  size_t index = 0;
  int closest = -1;  // index on the other side, -1 when there is none
  std::string why;
};

// One document's comparison.
struct EventComparison {
  std::vector<MatchedPair> matched;   // in gold order
  std::vector<Unmatched> missed;      // gold events
  std::vector<Unmatched> spurious;    // system events
  size_t strict_matched = 0;          // size of the maximum strict matching
  size_t required = 0, required_matched = 0;
};
EventComparison CompareEvents(const std::vector<GoldEvent>& gold,
                              const std::vector<SystemEvent>& system);

// PLOVER labels of one document (or sentence): the set of the gold events'
// types against the set of the system events' types.
struct LabelCounts {
  size_t tp = 0, fp = 0, fn = 0;
};
struct LabelScores {
  size_t documents = 0;
  std::map<std::string, LabelCounts> per_type;
  // gold type -> system label -> documents; "(none)" when the system gave no
  // label, and a gold type "(none)" for labels where the gold has none.
  std::map<std::string, std::map<std::string, size_t>> confusion;
  void Add(const std::set<std::string>& gold, const std::set<std::string>& system);
  LabelCounts Total() const;
};
std::set<std::string> PloverLabels(const std::vector<GoldEvent>& events);
std::set<std::string> PloverLabels(const std::vector<SystemEvent>& events);

}  // namespace vigie::eval
