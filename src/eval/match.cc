// The matching rule, the maximum matching and the label counts; see match.h.
#include "eval/match.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "base/geo.h"

namespace vigie::eval {

namespace {

bool ActorMatches(const Actor& gold, const Actor& system) {
  if (!gold.group.empty()) return gold.group == system.group;
  if (!gold.stated()) return false;
  return gold.country == system.country && (gold.sector.empty() || gold.sector == system.sector);
}

std::string Range(const std::string& earliest, const std::string& latest) {
  if (earliest.empty()) return "no date";
  return latest.empty() || latest == earliest ? earliest : earliest + ".." + latest;
}

std::string PlaceText(const EventPlace& p) {
  if (!p.stated()) return "no place";
  std::string s = p.geonames_id != 0 ? std::to_string(p.geonames_id) : "no GeoNames id";
  if (!p.name.empty()) s += " " + p.name;
  return s;
}

std::string Dyad(const EventFacts& e) { return e.source.Key() + " -> " + e.target.Key(); }

std::string Km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", km);
  return buf;
}

// Preference between two candidates for one event: more conditions, then
// strict, then nearer, then earlier.
bool Better(const Conditions& a, size_t ia, const Conditions& b, size_t ib) {
  if (a.Count() != b.Count()) return a.Count() > b.Count();
  if (a.Strict() != b.Strict()) return a.Strict();
  double da = a.distance_km < 0 ? 1e18 : a.distance_km, db = b.distance_km < 0 ? 1e18 : b.distance_km;
  if (da != db) return da < db;
  return ia < ib;
}

// Maximum bipartite matching by augmenting paths (Kuhn). adjacency[g] lists
// the system events gold g may take, best first; `order` is the order in
// which gold events are given their chance. Returns, per system event, the
// gold event it is matched to, or -1.
std::vector<int> MaximumMatching(const std::vector<std::vector<size_t>>& adjacency,
                                 const std::vector<size_t>& order, size_t system_count) {
  std::vector<int> owner(system_count, -1);
  std::vector<char> visited;
  std::function<bool(size_t)> augment = [&](size_t g) {
    for (size_t s : adjacency[g]) {
      if (visited[s]) continue;
      visited[s] = 1;
      if (owner[s] < 0 || augment(static_cast<size_t>(owner[s]))) {
        owner[s] = static_cast<int>(g);
        return true;
      }
    }
    return false;
  };
  for (size_t g : order) {
    visited.assign(system_count, 0);
    augment(g);
  }
  return owner;
}

}  // namespace

Conditions Compare(const GoldEvent& gold, const SystemEvent& system) {
  Conditions c;
  c.root = gold.cameo.size() >= 2 && system.cameo.size() >= 2 &&
           gold.cameo.compare(0, 2, system.cameo, 0, 2) == 0;
  c.code = !gold.cameo.empty() && gold.cameo == system.cameo;

  const EventPlace &gp = gold.place, &sp = system.place;
  if (gp.has_coords && sp.has_coords) c.distance_km = HaversineKm(gp.lat, gp.lon, sp.lat, sp.lon);
  c.place = !gp.stated() || (gp.geonames_id != 0 && gp.geonames_id == sp.geonames_id) ||
            (c.distance_km >= 0 && c.distance_km <= kPlaceRadiusKm);

  if (gold.earliest.empty()) {
    c.date = true;
  } else if (!system.earliest.empty()) {
    const std::string& system_latest = system.latest.empty() ? system.earliest : system.latest;
    c.date = system.earliest <= gold.latest && gold.earliest <= system_latest;
  }

  bool source = gold.source.stated() && ActorMatches(gold.source, system.source);
  bool target = gold.target.stated() && ActorMatches(gold.target, system.target);
  c.actor = (!gold.source.stated() && !gold.target.stated()) || source || target;
  c.both_actors = (!gold.source.stated() || source) && (!gold.target.stated() || target);
  return c;
}

std::string WhyNot(const Conditions& c, const GoldEvent& gold, const SystemEvent& system) {
  std::vector<std::string> why;
  if (!c.root)
    why.push_back("CAMEO root " + (system.cameo.empty() ? std::string("none") : system.cameo.substr(0, 2)) +
                  ", gold " + gold.cameo.substr(0, std::min<size_t>(2, gold.cameo.size())));
  if (!c.place) {
    std::string s = "place " + PlaceText(system.place);
    if (c.distance_km >= 0)
      s += " is " + Km(c.distance_km) + " from gold " + PlaceText(gold.place);
    else if (!gold.place.has_coords)
      s += ", gold " + PlaceText(gold.place) + " (no coordinates: the id must be equal)";
    else
      s += ", gold " + PlaceText(gold.place);
    why.push_back(s);
  }
  if (!c.date)
    why.push_back("date " + Range(system.earliest, system.latest) + " does not overlap gold " +
                  Range(gold.earliest, gold.latest));
  if (!c.actor) why.push_back("actors " + Dyad(system) + ", gold " + Dyad(gold));
  std::string out;
  for (const std::string& w : why) out += (out.empty() ? "" : "; ") + w;
  return out;
}

std::string WhyNotStrict(const Conditions& c, const GoldEvent& gold, const SystemEvent& system) {
  std::string out;
  if (!c.code) out = "CAMEO code " + system.cameo + ", gold " + gold.cameo;
  if (!c.both_actors)
    out += (out.empty() ? "" : "; ") + std::string("actors ") + Dyad(system) + ", gold " + Dyad(gold);
  return out;
}

EventComparison CompareEvents(const std::vector<GoldEvent>& gold,
                              const std::vector<SystemEvent>& system) {
  EventComparison out;
  const size_t ng = gold.size(), ns = system.size();
  std::vector<std::vector<Conditions>> cond(ng, std::vector<Conditions>(ns));
  std::vector<std::vector<size_t>> lenient(ng), strict(ng);
  for (size_t g = 0; g < ng; ++g) {
    for (size_t s = 0; s < ns; ++s) {
      cond[g][s] = Compare(gold[g], system[s]);
      if (cond[g][s].Matches()) lenient[g].push_back(s);
      if (cond[g][s].Strict()) strict[g].push_back(s);
    }
    auto best_first = [&](size_t a, size_t b) { return Better(cond[g][a], a, cond[g][b], b); };
    std::sort(lenient[g].begin(), lenient[g].end(), best_first);
    std::sort(strict[g].begin(), strict[g].end(), best_first);
  }
  // Required gold events first: a matched gold event stays matched when a
  // later one augments, so the required ones keep their maximum.
  std::vector<size_t> order;
  for (size_t g = 0; g < ng; ++g)
    if (gold[g].required) order.push_back(g);
  for (size_t g = 0; g < ng; ++g)
    if (!gold[g].required) order.push_back(g);

  std::vector<int> owner = MaximumMatching(lenient, order, ns);
  std::vector<int> partner(ng, -1);
  for (size_t s = 0; s < ns; ++s)
    if (owner[s] >= 0) partner[static_cast<size_t>(owner[s])] = static_cast<int>(s);
  for (int o : MaximumMatching(strict, order, ns)) out.strict_matched += o >= 0;

  for (size_t g = 0; g < ng; ++g) {
    out.required += gold[g].required;
    if (partner[g] >= 0) {
      auto s = static_cast<size_t>(partner[g]);
      const Conditions& c = cond[g][s];
      out.matched.push_back({g, s, c.Strict(), WhyNotStrict(c, gold[g], system[s])});
      out.required_matched += gold[g].required;
      continue;
    }
    Unmatched u{g, -1, ""};
    for (size_t s = 0; s < ns; ++s)
      if (u.closest < 0 || Better(cond[g][s], s, cond[g][static_cast<size_t>(u.closest)],
                                  static_cast<size_t>(u.closest)))
        u.closest = static_cast<int>(s);
    if (u.closest < 0) {
      u.why = "no system event";
    } else {
      auto s = static_cast<size_t>(u.closest);
      u.why = WhyNot(cond[g][s], gold[g], system[s]);
      if (u.why.empty()) u.why = "matches, but taken by gold " + gold[static_cast<size_t>(owner[s])].id;
    }
    out.missed.push_back(std::move(u));
  }
  for (size_t s = 0; s < ns; ++s) {
    if (owner[s] >= 0) continue;
    Unmatched u{s, -1, ""};
    for (size_t g = 0; g < ng; ++g)
      if (u.closest < 0 || Better(cond[g][s], g, cond[static_cast<size_t>(u.closest)][s],
                                  static_cast<size_t>(u.closest)))
        u.closest = static_cast<int>(g);
    if (u.closest < 0) {
      u.why = "no gold event";
    } else {
      auto g = static_cast<size_t>(u.closest);
      u.why = WhyNot(cond[g][s], gold[g], system[s]);
      if (u.why.empty()) u.why = "matches gold " + gold[g].id + ", already matched to another event";
    }
    out.spurious.push_back(std::move(u));
  }
  return out;
}

void LabelScores::Add(const std::set<std::string>& gold, const std::set<std::string>& system) {
  ++documents;
  for (const std::string& g : gold) {
    if (system.count(g)) {
      ++per_type[g].tp;
      ++confusion[g][g];
    } else {
      ++per_type[g].fn;
    }
    if (system.empty()) ++confusion[g]["(none)"];
    for (const std::string& s : system)
      if (!gold.count(s)) ++confusion[g][s];
  }
  for (const std::string& s : system) {
    if (gold.count(s)) continue;
    ++per_type[s].fp;
    if (gold.empty()) ++confusion["(none)"][s];
  }
}

LabelCounts LabelScores::Total() const {
  LabelCounts t;
  for (const auto& [type, c] : per_type) {
    t.tp += c.tp;
    t.fp += c.fp;
    t.fn += c.fn;
  }
  return t;
}

std::set<std::string> PloverLabels(const std::vector<GoldEvent>& events) {
  std::set<std::string> out;
  for (const GoldEvent& e : events)
    if (!e.plover.empty()) out.insert(e.plover);
  return out;
}

std::set<std::string> PloverLabels(const std::vector<SystemEvent>& events) {
  std::set<std::string> out;
  for (const SystemEvent& e : events)
    if (!e.plover.empty() && e.told_as_done()) out.insert(e.plover);
  return out;
}

}  // namespace vigie::eval
