// Summing the comparisons and writing the report; see report.h.
#include "eval/report.h"

#include <algorithm>
#include <cstdio>

#include "eval/case2021.h"

namespace vigie::eval {

namespace {

double Ratio(size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }
double Harmonic(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

double Rounded(double v) { return static_cast<double>(static_cast<long long>(v * 10000 + 0.5)) / 10000; }

std::string Range(const EventFacts& e) {
  if (e.earliest.empty()) return "no date";
  return e.latest.empty() || e.latest == e.earliest ? e.earliest : e.earliest + ".." + e.latest;
}

std::string PlaceShort(const EventPlace& p) {
  if (!p.stated()) return "no place";
  std::string s = p.geonames_id ? std::to_string(p.geonames_id) : std::string("-");
  if (!p.name.empty()) s += " " + p.name;
  return s;
}

// "195  RUS MIL -> ISIL  163808 Palmyra  2016-12-10..2016-12-11"
std::string Describe(const EventFacts& e) {
  std::string code = e.cameo.empty() ? std::string("-") : e.cameo;
  code.resize(std::max<size_t>(code.size(), 4), ' ');
  std::string s = code + "  " + (e.plover.empty() ? std::string("-") : e.plover);
  return s + "  " + e.source.Key() + " -> " + e.target.Key() + "  " + PlaceShort(e.place) + "  " +
         Range(e);
}

// The first 100 bytes or so of a text, on one line, cut at a character.
std::string Excerpt(const std::string& text) {
  size_t n = std::min<size_t>(text.size(), 100);
  while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string s = text.substr(0, n);
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return n < text.size() ? s + "..." : s;
}

std::string Labels(const std::set<std::string>& labels) {
  if (labels.empty()) return "-";
  std::string s;
  for (const std::string& l : labels) s += (s.empty() ? "" : "+") + l;
  return s;
}

// The gold id, '*' when required, padded so the events line up.
std::string GoldName(const GoldEvent& e) {
  std::string s = e.id + (e.required ? "*" : "");
  s.resize(std::max<size_t>(s.size(), 4), ' ');
  return s;
}

nlohmann::ordered_json FactsJson(const EventFacts& e) {
  auto actor = [](const Actor& a) -> nlohmann::ordered_json {
    if (!a.stated()) return nullptr;
    return {{"country", a.country.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.country)},
            {"sector", a.sector.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.sector)},
            {"group", a.group.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.group)}};
  };
  nlohmann::ordered_json j;
  j["cameo"] = e.cameo.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.cameo);
  j["plover"] = e.plover.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.plover);
  j["source"] = actor(e.source);
  j["target"] = actor(e.target);
  if (e.place.stated()) {
    nlohmann::ordered_json p;
    p["geonames_id"] = e.place.geonames_id ? nlohmann::ordered_json(e.place.geonames_id) : nlohmann::ordered_json(nullptr);
    p["name"] = e.place.name;
    if (e.place.has_coords) {
      p["lat"] = Rounded(e.place.lat);
      p["lon"] = Rounded(e.place.lon);
    }
    j["place"] = std::move(p);
  } else {
    j["place"] = nullptr;
  }
  if (e.earliest.empty())
    j["date"] = nullptr;
  else
    j["date"] = {{"earliest", e.earliest}, {"latest", e.latest.empty() ? e.earliest : e.latest}};
  return j;
}

nlohmann::ordered_json LabelJson(const LabelScores& s) {
  nlohmann::ordered_json j;
  j["documents"] = s.documents;
  nlohmann::ordered_json types = nlohmann::ordered_json::object();
  auto counts = [](const LabelCounts& c) {
    return nlohmann::ordered_json{{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn},
                                  {"precision", Rounded(Precision(c))},
                                  {"recall", Rounded(Recall(c))}, {"f1", Rounded(F1(c))}};
  };
  for (const auto& [type, c] : s.per_type) types[type] = counts(c);
  j["types"] = std::move(types);
  j["micro"] = counts(s.Total());
  j["confusion"] = s.confusion;
  return j;
}

void WriteLabels(const LabelScores& s, const char* title, const char* unit, std::ostream& out,
                 const std::string& note = "") {
  // Types are listed in name order; "gold" and "system" count documents
  // (sentences, or articles) whose label set holds the type.
  out << title << ": " << s.documents << " " << unit << note << "\n";
  int width = 11;  // "all (micro)"
  for (const auto& [type, c] : s.per_type) width = std::max(width, static_cast<int>(type.size()));
  char line[512];
  std::snprintf(line, sizeof line, "  %-*s %5s %6s %5s  %9s %7s %6s   %s\n", width, "type", "gold", "system",
                "tp", "precision", "recall", "F1", "gold type labelled as (count)");
  out << line;
  for (const auto& [type, c] : s.per_type) {
    std::string confused;
    if (auto it = s.confusion.find(type); it != s.confusion.end()) {
      std::vector<std::pair<size_t, std::string>> v;
      for (const auto& [label, n] : it->second)
        if (label != type) v.push_back({n, label});
      std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (size_t i = 0; i < v.size() && i < 3; ++i)
        confused += (i ? ", " : "") + v[i].second + " " + std::to_string(v[i].first);
    }
    std::snprintf(line, sizeof line, "  %-*s %5zu %6zu %5zu  %9s %7s %6s   %s\n", width, type.c_str(),
                  c.tp + c.fn, c.tp + c.fp, c.tp, Fixed(Precision(c)).c_str(),
                  Fixed(Recall(c)).c_str(), Fixed(F1(c)).c_str(), confused.c_str());
    out << line;
  }
  LabelCounts t = s.Total();
  std::snprintf(line, sizeof line, "  %-*s %5zu %6zu %5zu  %9s %7s %6s\n", width, "all (micro)", t.tp + t.fn,
                t.tp + t.fp, t.tp, Fixed(Precision(t)).c_str(), Fixed(Recall(t)).c_str(),
                Fixed(F1(t)).c_str());
  out << line;
}

// The definition printed with the CAMEO figures (petrarch_gsr.h).
constexpr const char* kCameoMicro =
    "micro over sentences: per sentence tp = |gold keys & system keys| (multisets), "
    "fp = system keys - tp, fn = gold keys - tp; P = sum tp / (sum tp + sum fp), "
    "R = sum tp / (sum tp + sum fn), F1 = 2PR / (P + R)";
constexpr const char* kCaseRule =
    "the label of the event or hazard told as done (not negated, not hypothetical) of highest rank that has one "
    "(data/eval/case2021.txt: by ACLED type, else by CAMEO code; hazards by kind and rank, events by confidence); "
    "no such event: (none), always wrong";

void WriteCounts(const char* name, const LabelCounts& c, std::ostream& out) {
  char line[256];
  std::snprintf(line, sizeof line, "  %-38s matched %4zu   precision %s   recall %s   F1 %s\n", name, c.tp,
                Fixed(Precision(c)).c_str(), Fixed(Recall(c)).c_str(), Fixed(F1(c)).c_str());
  out << line;
}

std::string Keys(std::vector<std::string> keys) {
  if (keys.empty()) return "-";
  std::sort(keys.begin(), keys.end());
  std::string s;
  for (const std::string& k : keys) s += (s.empty() ? "" : " + ") + k;
  return s;
}

nlohmann::ordered_json CountsJson(const LabelCounts& c) {
  return nlohmann::ordered_json{{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn},
                                {"precision", Rounded(Precision(c))}, {"recall", Rounded(Recall(c))},
                                {"f1", Rounded(F1(c))}};
}

}  // namespace

double Figures::Precision() const { return Ratio(matched, system); }
double Figures::Recall() const { return Ratio(matched, gold); }
double Figures::F1() const { return Harmonic(Precision(), Recall()); }
double Figures::RequiredRecall() const { return Ratio(required_matched, required); }
double Figures::StrictPrecision() const { return Ratio(strict_matched, system); }
double Figures::StrictRecall() const { return Ratio(strict_matched, gold); }
double Figures::StrictF1() const { return Harmonic(StrictPrecision(), StrictRecall()); }

double Precision(const LabelCounts& c) { return Ratio(c.tp, c.tp + c.fp); }
double Recall(const LabelCounts& c) { return Ratio(c.tp, c.tp + c.fn); }
double F1(const LabelCounts& c) { return Harmonic(Precision(c), Recall(c)); }

void Evaluation::Add(GoldDocument gold, std::vector<SystemEvent> system, Status status) {
  DocumentResult r;
  if (!status.ok()) ++failed_articles_;
  r.status = std::move(status);
  std::set<std::string> gold_labels = PloverLabels(gold.events);
  std::set<std::string> system_labels = PloverLabels(system);
  if (gold.kind == GoldKind::kPloverLabels) {
    sentence_labels_.Add(gold_labels, system_labels);
    actors_.Add(gold.events, system);
  } else if (gold.kind == GoldKind::kCameoSentence) {
    cameo_sentences_.Add(gold.events, system);
    actors_.Add(gold.events, system);
  } else if (gold.kind == GoldKind::kCaseLabel) {
    r.predicted = case_map_ ? PredictCaseLabel(system, *case_map_, &r.chosen) : std::string(kNoCaseLabel);
    std::set<std::string> predicted;
    if (r.predicted != kNoCaseLabel) predicted.insert(r.predicted);
    case_labels_.Add({gold.label}, predicted);
  } else {
    r.comparison = CompareEvents(gold.events, system);
    ++events_.documents;
    events_.gold += gold.events.size();
    events_.system += system.size();
    events_.matched += r.comparison.matched.size();
    events_.required += r.comparison.required;
    events_.required_matched += r.comparison.required_matched;
    events_.strict_matched += r.comparison.strict_matched;
    // PLOVER types per article only when the gold gives one for each event.
    if (std::all_of(gold.events.begin(), gold.events.end(),
                    [](const GoldEvent& e) { return !e.plover.empty(); }))
      article_labels_.Add(gold_labels, system_labels);
  }
  r.excerpt = Excerpt(gold.text);
  gold.text.clear();
  gold.text.shrink_to_fit();
  r.gold = std::move(gold);
  r.system = std::move(system);
  documents_.push_back(std::move(r));
}

size_t Evaluation::Unlabelled() const {
  size_t n = 0;
  for (const DocumentResult& d : documents_)
    n += d.gold.kind == GoldKind::kCaseLabel && d.predicted == kNoCaseLabel;
  return n;
}

void Evaluation::WriteText(std::ostream& out) const {
  for (const DocumentResult& d : documents_) {
    if (d.gold.kind != GoldKind::kEvents) continue;
    const EventComparison& c = d.comparison;
    out << d.gold.id << "  (" << d.gold.Where() << ")  " << d.gold.events.size() << " gold ("
        << c.required << " required), " << d.system.size() << " system, " << c.matched.size()
        << " matched, " << c.strict_matched << " strict\n";
    if (!d.status.ok()) out << "  article failed: " << d.status.ToString() << "\n";
    for (const MatchedPair& m : c.matched) {
      const GoldEvent& g = d.gold.events[m.gold];
      out << "  matched   " << GoldName(g) << "  " << Describe(g) << "\n"
          << "         =  #" << d.system[m.system].id << "  " << Describe(d.system[m.system])
          << (m.strict ? "  (strict)" : "  (not strict: " + m.not_strict + ")") << "\n";
    }
    for (const Unmatched& u : c.missed) {
      const GoldEvent& g = d.gold.events[u.index];
      out << "  missed    " << GoldName(g) << "  " << Describe(g) << "\n";
      if (u.closest >= 0)
        out << "            closest #" << d.system[static_cast<size_t>(u.closest)].id << "  "
            << Describe(d.system[static_cast<size_t>(u.closest)]) << "\n";
      out << "            why: " << u.why << "\n";
    }
    for (const Unmatched& u : c.spurious) {
      const SystemEvent& s = d.system[u.index];
      out << "  spurious  #" << s.id << "  " << Describe(s)
          << (s.trigger.empty() ? "" : "  \"" + s.trigger + "\"") << "\n";
      if (u.closest >= 0) out << "            closest gold " << d.gold.events[static_cast<size_t>(u.closest)].id
                              << "; why: " << u.why << "\n";
    }
  }
  bool header = false;
  for (const DocumentResult& d : documents_) {
    if (d.gold.kind != GoldKind::kPloverLabels) continue;
    std::set<std::string> gold = PloverLabels(d.gold.events), system = PloverLabels(d.system);
    if (gold == system) continue;
    if (!header) out << "PLOVER label differences (id: gold / system: text)\n";
    header = true;
    out << "  " << d.gold.id << ": " << Labels(gold) << " / " << Labels(system) << ": " << d.excerpt
        << "\n";
  }
  header = false;
  for (const DocumentResult& d : documents_) {
    if (d.gold.kind != GoldKind::kCameoSentence) continue;
    std::vector<std::string> gold = TripleKeys(d.gold.events), system = TripleKeys(d.system);
    if (MultisetOverlap(gold, system) == gold.size() && gold.size() == system.size()) continue;
    if (!header)
      out << "CAMEO differences per sentence (id: gold / system: text; root source target, - no country)\n";
    header = true;
    out << "  " << d.gold.id << ": " << Keys(gold) << " / " << Keys(system) << ": " << d.excerpt << "\n";
  }
  header = false;
  for (const DocumentResult& d : documents_) {
    if (d.gold.kind != GoldKind::kCaseLabel || d.predicted == d.gold.label) continue;
    if (!header) out << "CASE 2021 label differences (id: gold / predicted: text)\n";
    header = true;
    out << "  " << d.gold.id << ": " << d.gold.label << " / " << d.predicted << ": " << d.excerpt << "\n";
  }
  const Figures& f = events_;
  if (f.documents > 0) {
    out << "events: " << f.documents << (f.documents == 1 ? " article, " : " articles, ") << f.gold
        << " gold (" << f.required << " required), " << f.system << " system\n";
    out << "  matched " << f.matched << "   precision " << Fixed(f.Precision()) << "   recall "
        << Fixed(f.Recall()) << "   F1 " << Fixed(f.F1()) << "\n";
    out << "  required recall " << Fixed(f.RequiredRecall()) << " (" << f.required_matched << "/"
        << f.required << ")\n";
    out << "  strict: matched " << f.strict_matched << "   precision " << Fixed(f.StrictPrecision())
        << "   recall " << Fixed(f.StrictRecall()) << "   F1 " << Fixed(f.StrictF1()) << "\n";
    if (article_labels_.documents > 0)
      WriteLabels(article_labels_, "PLOVER types per article",
                  article_labels_.documents == 1 ? "article" : "articles", out);
  }
  if (sentence_labels_.documents > 0)
    WriteLabels(sentence_labels_, "PLOVER labels per sentence (events told as done: neither negated nor hypothetical)", "sentences", out);
  const CameoSentenceScores& c = cameo_sentences_;
  if (c.sentences > 0) {
    out << "CAMEO per sentence: " << c.sentences << " sentences, " << c.gold << " gold events, " << c.system
        << " system events (told as done: not negated, not hypothetical; with a CAMEO code)\n"
        << "  (" << kCameoMicro << ")\n";
    WriteCounts("root F1 (CAMEO root)", c.root, out);
    WriteCounts("triple F1 (root, source/target country)", c.triple, out);
  }
  if (actors_.gold > 0)
    out << "actors named: " << actors_.gold
        << " gold sources and targets with a country, named on their side by an event of their sentence:"
        << " country share " << Fixed(Ratio(actors_.country, actors_.gold)) << " (" << actors_.country << ")"
        << ", country and sector share " << Fixed(Ratio(actors_.sector, actors_.gold)) << " (" << actors_.sector
        << ")\n";
  if (case_labels_.documents > 0) {
    WriteLabels(case_labels_, "CASE 2021 labels per snippet", "snippets", out,
                std::string("\n  (") + kCaseRule + ")");
    out << "  weighted F1 " << Fixed(WeightedF1(case_labels_)) << " (by gold support)   macro F1 "
        << Fixed(MacroF1(case_labels_)) << " (over " << GoldLabels(case_labels_) << " gold labels)   accuracy "
        << Fixed(Accuracy(case_labels_)) << "   no label: " << Unlabelled() << " snippets\n";
  }
  if (failed_articles_ > 0) out << "articles that failed in the pipeline: " << failed_articles_ << "\n";
  if (!errors_.empty()) {
    out << "unreadable gold or event records: " << errors_.size() << "\n";
    for (const Status& e : errors_) out << "  " << e.ToString() << "\n";
  }
}

nlohmann::ordered_json Evaluation::ToJson() const {
  using J = nlohmann::ordered_json;
  J docs = J::array();
  for (const DocumentResult& d : documents_) {
    J j;
    j["id"] = d.gold.id;
    j["gold_file"] = d.gold.Where();
    j["scored_by"] = d.gold.kind == GoldKind::kEvents          ? "events"
                     : d.gold.kind == GoldKind::kPloverLabels  ? "plover_labels"
                     : d.gold.kind == GoldKind::kCameoSentence ? "cameo_sentence"
                                                               : "case_label";
    j["text"] = d.excerpt;
    if (!d.status.ok()) j["error"] = {{"code", d.status.CodeString()}, {"message", d.status.message()}};
    J gold = J::array(), system = J::array();
    for (const GoldEvent& g : d.gold.events) {
      J e = {{"id", g.id}, {"required", g.required}};
      e.update(FactsJson(g));
      gold.push_back(std::move(e));
    }
    for (const SystemEvent& s : d.system) {
      J e = {{"id", s.id}};
      e.update(FactsJson(s));
      if (!s.trigger.empty()) e["trigger"] = s.trigger;
      system.push_back(std::move(e));
    }
    j["gold"] = std::move(gold);
    j["system"] = std::move(system);
    if (d.gold.kind == GoldKind::kEvents) {
      const EventComparison& c = d.comparison;
      J matched = J::array(), missed = J::array(), spurious = J::array();
      for (const MatchedPair& m : c.matched)
        matched.push_back({{"gold", d.gold.events[m.gold].id}, {"system", d.system[m.system].id},
                           {"strict", m.strict}, {"not_strict", m.not_strict}});
      for (const Unmatched& u : c.missed)
        missed.push_back({{"gold", d.gold.events[u.index].id},
                          {"closest", u.closest < 0 ? J(nullptr) : J(d.system[static_cast<size_t>(u.closest)].id)},
                          {"why", u.why}});
      for (const Unmatched& u : c.spurious)
        spurious.push_back({{"system", d.system[u.index].id},
                            {"closest", u.closest < 0 ? J(nullptr) : J(d.gold.events[static_cast<size_t>(u.closest)].id)},
                            {"why", u.why}});
      j["matched"] = std::move(matched);
      j["missed"] = std::move(missed);
      j["spurious"] = std::move(spurious);
      j["strict_matched"] = c.strict_matched;
    } else if (d.gold.kind == GoldKind::kCameoSentence) {
      std::vector<std::string> gold_keys = TripleKeys(d.gold.events), system_keys = TripleKeys(d.system);
      j["triples"] = {{"gold", gold_keys}, {"system", system_keys},
                      {"matched", MultisetOverlap(gold_keys, system_keys)}};
    } else if (d.gold.kind == GoldKind::kCaseLabel) {
      j["gold_label"] = d.gold.label;
      j["predicted"] = d.predicted;
      j["chosen_event"] = d.chosen < 0 ? J(nullptr) : J(d.system[static_cast<size_t>(d.chosen)].id);
    }
    docs.push_back(std::move(j));
  }
  const Figures& f = events_;
  J out;
  out["events"] = {{"articles", f.documents}, {"gold", f.gold}, {"system", f.system},
                   {"matched", f.matched}, {"precision", Rounded(f.Precision())},
                   {"recall", Rounded(f.Recall())}, {"f1", Rounded(f.F1())},
                   {"required", f.required}, {"required_matched", f.required_matched},
                   {"required_recall", Rounded(f.RequiredRecall())},
                   {"strict", {{"matched", f.strict_matched},
                               {"precision", Rounded(f.StrictPrecision())},
                               {"recall", Rounded(f.StrictRecall())},
                               {"f1", Rounded(f.StrictF1())}}}};
  out["plover_per_article"] = LabelJson(article_labels_);
  out["plover_per_sentence"] = LabelJson(sentence_labels_);
  const CameoSentenceScores& c = cameo_sentences_;
  out["cameo_per_sentence"] = {{"sentences", c.sentences}, {"gold", c.gold}, {"system", c.system},
                               {"definition", kCameoMicro}, {"root", CountsJson(c.root)},
                               {"triple", CountsJson(c.triple)}};
  out["actors"] = {{"gold", actors_.gold}, {"country", actors_.country}, {"sector", actors_.sector},
                   {"country_share", Rounded(Ratio(actors_.country, actors_.gold))},
                   {"sector_share", Rounded(Ratio(actors_.sector, actors_.gold))}};
  J case_json = LabelJson(case_labels_);
  case_json["weighted_f1"] = Rounded(WeightedF1(case_labels_));
  case_json["macro_f1"] = Rounded(MacroF1(case_labels_));
  case_json["accuracy"] = Rounded(Accuracy(case_labels_));
  case_json["gold_labels"] = GoldLabels(case_labels_);
  case_json["no_label"] = Unlabelled();
  case_json["rule"] = kCaseRule;
  out["case2021"] = std::move(case_json);
  out["failed_articles"] = failed_articles_;
  J errors = J::array();
  for (const Status& e : errors_)
    errors.push_back({{"code", e.CodeString()}, {"name", ErrorName(e.code())}, {"message", e.message()}});
  out["errors"] = std::move(errors);
  out["documents"] = std::move(docs);
  return out;
}

}  // namespace vigie::eval
