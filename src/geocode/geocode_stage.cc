// Geocoding; see geocode_stage.h.
#include "geocode/geocode_stage.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <unordered_map>
#include <unordered_set>

#include "base/countries.h"
#include "base/geo.h"
#include "base/utf8.h"

namespace vigie {

namespace {

constexpr uint32_t kMaxNameTokens = 6;
constexpr double kNearKm = 150;

// Score weights: how much each kind of evidence counts for a candidate.
constexpr double kDocLanguageName = 3, kOtherLanguageName = 1.5, kOwnName = 1;
constexpr double kIsCountry = 4, kIsRegion = 1.5, kRegionCue = 5, kRegionWithoutCue = -3;
constexpr double kPerPopulationDecade = 1;
constexpr double kCountryNamed = 2.5, kCountryNamedMore = 0.5, kCountryNamedMax = 1.5;
constexpr double kCountryInSentence = 2;
constexpr double kRegionNamed = 3, kQualified = 8, kNear = 1.5;
// A name the article qualifies once ("Paris, Tenn.") means that place at
// its other mentions too ("Paris officials said").
constexpr double kQualifiedElsewhere = 6;

double FeatureBonus(FeatureRank r) {
  switch (r) {
    case FeatureRank::kCapital: return 2;
    case FeatureRank::kSeat1: return 1;
    case FeatureRank::kSeat2: return 0.5;
    case FeatureRank::kSection: return -1;
    case FeatureRank::kHistorical: return -2;
    default: return 0;
  }
}

double DistanceKm(const PlaceRecord& a, const PlaceRecord& b) {
  return HaversineKm(a.lat, a.lon, b.lat, b.lon);
}

bool HasUpper(std::string_view form) {
  for (size_t i = 0; i < form.size();) {
    char32_t c = utf8::Next(form, &i);
    if (u_isupper(static_cast<UChar32>(c))) return true;
  }
  return false;
}

bool HasLower(std::string_view form) {
  for (size_t i = 0; i < form.size();) {
    char32_t c = utf8::Next(form, &i);
    if (u_islower(static_cast<UChar32>(c))) return true;
  }
  return false;
}

struct Candidate {
  uint32_t place;
  Posting posting;
  double base = 0;   // what the name and the place alone say
  double score = 0;  // with the article's context
  bool qualified = false;     // by a region or country right after it
  bool qualified_elsewhere = false;  // at another mention of the name
  std::string why, context;   // the reasons for base and for score
};

struct Match {
  uint32_t first = 0, count = 0;
  std::string key;
  bool directional = false;   // "Alep-Est": a part of the place
  bool state_mention = false; // inside a recognised country mention
  bool region_cue = false;    // "province de ...", "... governorate"
  std::string measured_from;  // "190 km north of": the text measures from this place
  bool title = false;
  int qualifier = -1;         // index of the match that qualifies this one
  uint32_t names = 0;         // places that bear the name
  std::vector<Candidate> candidates;
  int best = -1;
};

class Resolver {
 public:
  Resolver(const GeocodeKnowledge& k, Document& doc)
      : k_(k), g_(*k.gazetteer), doc_(doc), language_bit_(LanguageBit(doc.language)) {
    auto it = k.cues.by_language.find(doc.language);
    if (it == k.cues.by_language.end()) it = k.cues.by_language.find("en");
    static const GeocodeCues::Words kNone;
    cues_ = it != k.cues.by_language.end() ? &it->second : &kNone;
  }

  // False when the article's time budget ran out on the way.
  bool Run() {
    MarkMentions();
    FindNames();
    if (matches_.empty()) return true;
    CountMentionedCountries();
    LinkQualifiers();
    for (Match& m : matches_)
      for (Candidate& c : m.candidates) c.base = BaseScore(m, c);
    // Pass 1: the article's countries; pass 2: regions and neighbours of
    // the places pass 1 found as well.
    if (!Rank(/*neighbours=*/false)) return false;
    CountCountriesOfRegions();
    if (!Rank(/*neighbours=*/true)) return false;
    Emit();
    return true;
  }

 private:
  const std::string& Fold(uint32_t i) const {
    if (folded_[i].empty()) folded_[i] = doc_.FoldedForm(i);
    return folded_[i];
  }
  bool IsCue(const std::unordered_set<std::string>& set, uint32_t i) const {
    return set.count(Fold(i)) != 0;
  }

  // 1: inside an actor mention that is not a country (no place there:
  // "Etat islamique", "Observatoire syrien des droits de l'Homme");
  // 2: inside a country mention (only the country itself is a place);
  // 3: inside a country mention of recognise/demonyms.txt, which lists
  // adjectives and peoples ("Israeli", "les Syriens") with informal names
  // ("UK", "Turkey"): the country only under a name of the article's
  // language (GeoNames lists "Israeli" as a name of Israel, not in English)
  // or an abbreviation in capitals.
  void MarkMentions() {
    block_.assign(doc_.tokens.size(), 0);
    mention_of_.assign(doc_.tokens.size(), -1);
    folded_.assign(doc_.tokens.size(), std::string());
    for (const Mention& m : doc_.mentions) {
      const uint8_t block = m.kind != MentionKind::kState                             ? 1
                            : m.evidence.rule.starts_with("recognise/demonyms.txt") ? 3
                                                                                      : 2;
      for (uint32_t t = m.first_token; t < m.first_token + m.token_count && t < block_.size(); ++t) {
        block_[t] = block;
        mention_of_[t] = static_cast<int32_t>(&m - doc_.mentions.data());
      }
    }
    // The parse says which names modify a noun after them, as adjectives
    // do: "US troops", "UK officials", "the Iran deal"; not an area noun,
    // which the name locates ("the Burkina Faso border").
    modifier_.assign(doc_.tokens.size(), false);
    for (size_t w = 0; w < doc_.words.size(); ++w) {
      const Word& word = doc_.words[w];
      if (word.head <= static_cast<int32_t>(w) || word.token >= modifier_.size() ||
          DepRelName(word.dep) != "compound")
        continue;
      const uint32_t head = doc_.words[word.head].token;
      if (head < doc_.tokens.size() && IsCue(cues_->area, head)) continue;
      modifier_[word.token] = true;
    }
  }

  bool StartsMention(uint32_t i) const {
    return mention_of_[i] < 0 || doc_.mentions[mention_of_[i]].first_token == i;
  }
  bool EndsMention(uint32_t j) const {
    if (mention_of_[j] < 0) return true;
    const Mention& m = doc_.mentions[mention_of_[j]];
    return m.first_token + m.token_count == j + 1;
  }

  // "U.S.", "DRC": a country mention by a name or abbreviation in capitals
  // that the gazetteer lacks is its country, as the recognise stage says.
  // Returns the mention's token count, 0 when it does not apply.
  uint32_t CountryOfMention(uint32_t i, Candidate* c) const {
    if (block_[i] < 2 || mention_of_[i] < 0) return 0;
    const Mention& mention = doc_.mentions[mention_of_[i]];
    if (mention.first_token != i) return 0;
    if (block_[i] == 3 && HasLower(doc_.Slice(mention.span))) return 0;  // an adjective
    if (modifier_[i + mention.token_count - 1]) return 0;                   // "US troops"
    const uint32_t record = g_.Country(CountryIso2(mention.country));
    if (record == Gazetteer::kNoRecord) return 0;
    c->place = record;
    c->posting = {record, name_flags::kLocalised, language_bit_, 0};
    return mention.token_count;
  }

  // "outside Kabul", "190 km north of the capital Bangui", "près de Kaboul",
  // "à 30 km au sud-est de Goma": the words before the name (a near,
  // compass or unit cue, then up to four `between` words) that make the
  // name the point a distance or direction is measured from. A compass or
  // unit word needs a `between` word after it ("north of"); a direction
  // inside a town ("in the north of Kabul", "dans le nord de Bangui": a
  // `within` word one or two words before it) does not count. Empty when
  // there are none.
  std::string MeasuredFrom(uint32_t i) const {
    const auto& tokens = doc_.tokens;
    const uint32_t sentence = tokens[i].sentence;
    auto here = [&](uint32_t j) { return tokens[j].sentence == sentence; };
    uint32_t j = i;
    uint32_t between = 0;
    while (between < 4 && j > 0 && here(j - 1) && IsCue(cues_->between, j - 1)) {
      --j;
      ++between;
    }
    if (j == 0 || !here(j - 1)) return {};
    const uint32_t cue = j - 1;
    bool measured = IsCue(cues_->near, cue);
    if (!measured && between > 0 && IsCue(cues_->compass, cue)) {
      measured = true;
      for (uint32_t back = 1; back <= 2 && back <= cue; ++back)
        if (here(cue - back) && IsCue(cues_->within, cue - back)) measured = false;
    }
    if (!measured && between > 0 && IsCue(cues_->unit, cue)) measured = true;
    if (!measured) return {};
    // The evidence starts at a distance before the cue ("190 km north of",
    // "30 km au sud-est de": any one word right after a unit).
    uint32_t from = cue;
    while (from > 0 && here(from - 1) && cue - from < 4 &&
           (tokens[from - 1].kind == TokenKind::kNumber || IsCue(cues_->unit, from - 1) ||
            IsCue(cues_->compass, from - 1) ||
            (from > 1 && here(from - 2) && IsCue(cues_->unit, from - 2))))
      --from;
    return std::string(doc_.Slice({tokens[from].begin, tokens[i - 1].end}));
  }

  void FindNames() {
    const auto& tokens = doc_.tokens;
    const uint32_t n = static_cast<uint32_t>(tokens.size());
    std::string key;
    for (uint32_t i = 0; i < n; ++i) {
      const Token& t = tokens[i];
      if (t.kind != TokenKind::kWord || (t.flags & token_flags::kCapitalised) == 0 || block_[i] == 1)
        continue;
      key.clear();
      uint32_t length = 0;
      std::span<const Posting> postings;
      std::string found;
      // A name may hold a whole country mention ("New Mexico", "Mexico
      // City", "Northern Ireland"): then it is the name of a place in it, not
      // the country. It never ends inside a mention.
      bool mixed = false, spans_mention = false;
      for (uint32_t j = i; j < n && j - i < kMaxNameTokens; ++j) {
        const Token& tj = tokens[j];
        if (tj.sentence != t.sentence || tj.kind != TokenKind::kWord || block_[j] == 1) break;
        if (block_[j] != block_[i]) mixed = true;
        if (j > i && tokens[j - 1].end < tj.begin) key += ' ';
        key += Fold(j);
        // A name ends on a word with a capital: "Deir ez-Zor", not "Paris est".
        if (!HasUpper(doc_.Form(tj))) continue;
        if (block_[j] != 0 && !EndsMention(j)) continue;
        if (mixed && block_[i] != 0 && !StartsMention(i)) break;
        auto p = g_.Find(key);
        if (!p.empty()) {
          length = j - i + 1;
          postings = p;
          found = key;
          spans_mention = mixed;
        }
      }
      // A country the recognise stage found ("U.S.", "DRC", "Britain"), when
      // GeoNames has no country of that name: the mention's country.
      auto state_mention = [&]() -> uint32_t {
        Match state;
        Candidate by_mention;
        const uint32_t count = CountryOfMention(i, &by_mention);
        if (count == 0) return 0;
        state.first = i;
        state.count = count;
        state.key = Fold(i);
        state.state_mention = true;
        state.names = 1;
        state.candidates.push_back(std::move(by_mention));
        matches_.push_back(std::move(state));
        return count;
      };
      if (length == 0 && (length = state_mention()) > 0) {
        i += length - 1;
        continue;
      }
      Match m;
      if (length == 0) {
        const std::string& form = Fold(i);
        const size_t dash = form.rfind('-');
        if (dash == std::string::npos || cues_->direction.count(form.substr(dash + 1)) == 0)
          continue;
        found = form.substr(0, dash);
        postings = g_.Find(found);
        if (postings.empty()) continue;
        length = 1;
        m.directional = true;
      }
      m.first = i;
      m.count = length;
      m.key = std::move(found);
      m.state_mention = block_[i] >= 2 && !spans_mention;
      // An abbreviation in capitals ("UK", "RDC") is a name, not an adjective.
      const bool demonym = block_[i] == 3 && !spans_mention && HasLower(doc_.Form(t));
      m.title = !doc_.sentences.empty() && !doc_.paragraphs.empty() &&
                doc_.paragraphs[doc_.sentences[t.sentence].paragraph].kind == ParagraphKind::kTitle;
      const bool article = i > 0 && tokens[i - 1].sentence == t.sentence && IsCue(cues_->article, i - 1);
      for (uint32_t back = 1; back <= 2 && back <= i; ++back)
        if (tokens[i - back].sentence == t.sentence && IsCue(cues_->region, i - back))
          m.region_cue = true;
      // A country name that modifies a noun is an adjective, no place.
      if (m.state_mention && modifier_[i + length - 1]) {
        i += length - 1;
        continue;
      }
      const uint32_t after = i + length;
      if (after < n && tokens[after].sentence == t.sentence && IsCue(cues_->region, after))
        m.region_cue = true;
      m.measured_from = MeasuredFrom(i);
      m.names = static_cast<uint32_t>(postings.size());
      for (const Posting& p : postings) {
        if (p.flags == name_flags::kNoArticle && !article) continue;
        const PlaceRecord& r = g_.place(p.place);
        if (m.state_mention && r.kind != PlaceKind::kCountry) continue;
        if (demonym && (p.languages & language_bit_) == 0) continue;
        Candidate c;
        c.place = p.place;
        c.posting = p;
        m.candidates.push_back(std::move(c));
      }
      if (m.candidates.empty()) {
        // Towns called "Britain" or "Us", no country: the mention's, if any.
        if (const uint32_t count = m.state_mention ? state_mention() : 0; count > 0) i += count - 1;
        continue;
      }
      matches_.push_back(std::move(m));
      i += length - 1;
    }
  }

  // A country's ISO2 code as a number, and a sentence with one: compared
  // for every candidate, where strings cost a copy and a compare.
  static uint16_t CountryKey(const char* iso2) {
    return static_cast<uint16_t>(static_cast<uint8_t>(iso2[0]) << 8 | static_cast<uint8_t>(iso2[1]));
  }
  static uint64_t SentenceKey(uint32_t sentence, uint16_t country) {
    return static_cast<uint64_t>(sentence) << 16 | country;
  }
  const int* TimesNamed(uint16_t key) const {
    for (const auto& [k, times] : countries_)
      if (k == key) return &times;
    return nullptr;
  }
  void Named(const char* iso2, uint32_t token) {
    const uint16_t key = CountryKey(iso2);
    auto it = std::find_if(countries_.begin(), countries_.end(),
                           [&](const std::pair<uint16_t, int>& c) { return c.first == key; });
    if (it != countries_.end()) ++it->second;
    else countries_.emplace_back(key, 1);
    in_sentence_.insert(SentenceKey(doc_.tokens[token].sentence, key));
  }

  // Countries the article names: every actor mention with a country
  // ("l'aviation russe", "syrien"), and every name whose candidates include
  // a country by its own name ("Syrie").
  void CountMentionedCountries() {
    for (const Mention& m : doc_.mentions) {
      if (m.country.empty()) continue;
      // Only a code of two letters can be a place's country.
      std::string_view iso2 = CountryIso2(m.country);
      if (iso2.size() == 2) Named(iso2.data(), m.first_token);
    }
    for (const Match& m : matches_) {
      if (m.state_mention) continue;  // counted as a mention already
      const Candidate* country = nullptr;
      int countries = 0;
      for (const Candidate& c : m.candidates) {
        if (g_.place(c.place).kind != PlaceKind::kCountry) continue;
        ++countries;
        country = &c;
      }
      // "Congo" names no country until the article says which.
      if (countries == 1 && (country->posting.flags & name_flags::kLocalised) != 0)
        Named(g_.place(country->place).country, m.first);
    }
  }

  // A region pass 1 chose names its country too: "Tenn.", "Ohio" or
  // "Kivu" say the story is in the United States or Congo, as the country's
  // own name would.
  void CountCountriesOfRegions() {
    for (const Match& m : matches_) {
      if (m.best < 0 || m.state_mention) continue;
      const PlaceRecord& r = g_.place(m.candidates[m.best].place);
      if (r.kind != PlaceKind::kAdmin1) continue;
      Named(r.country, m.first);
    }
  }

  // "Paris, au Texas", "Tripoli (Liban)", "Homs, Syria": a name followed by
  // another within two linking words.
  void LinkQualifiers() {
    for (size_t k = 0; k + 1 < matches_.size(); ++k) {
      const Match& a = matches_[k];
      const Match& b = matches_[k + 1];
      const uint32_t end = a.first + a.count;
      if (b.first < end || b.first - end > 2) continue;
      if (doc_.tokens[b.first].sentence != doc_.tokens[a.first].sentence) continue;
      bool linked = true;
      for (uint32_t t = end; t < b.first; ++t) linked = linked && IsCue(cues_->linker, t);
      if (linked) matches_[k].qualifier = static_cast<int>(k + 1);
    }
  }

  double BaseScore(const Match& m, Candidate& c) {
    const PlaceRecord& r = g_.place(c.place);
    double s = 0;
    std::string& why = c.why;
    if (language_bit_ != 0 && (c.posting.languages & language_bit_) != 0) {
      s += kDocLanguageName;
      why += doc_.language + " name";
    } else if ((c.posting.flags & name_flags::kLocalised) != 0) {
      s += kOtherLanguageName;
      why += "name in another language";
    } else if ((c.posting.flags & (name_flags::kMain | name_flags::kAscii)) != 0) {
      s += kOwnName;
      why += "GeoNames name";
    } else {
      why += "alternate name";
    }
    if (r.kind == PlaceKind::kCountry) s += kIsCountry;
    // A bare name that is both a region and a town of that region means the
    // town ("Homs", "Idleb"), and so does one that is also a capital or the
    // seat of a region elsewhere ("Washington", "Gaza", not Mozambique's
    // province); "la province de Homs" means the region, and so does a bare
    // "California" or "Nevada", whose namesake towns are small places.
    if (r.kind == PlaceKind::kAdmin1) {
      s += kIsRegion;
      if (m.region_cue) {
        s += kRegionCue;
      } else if (std::any_of(m.candidates.begin(), m.candidates.end(), [&](const Candidate& town) {
                   const PlaceRecord& t = g_.place(town.place);
                   const auto rank = static_cast<FeatureRank>(t.feature);
                   return t.admin1 == c.place || rank == FeatureRank::kCapital ||
                          rank == FeatureRank::kSeat1;
                 })) {
        s += kRegionWithoutCue;
      }
    }
    if (r.kind == PlaceKind::kAdmin1 && m.region_cue) why += ", region named as such";
    s += kPerPopulationDecade * std::log10(1.0 + r.population);
    s += FeatureBonus(static_cast<FeatureRank>(r.feature));
    return s;
  }

  bool Contains(uint32_t area, uint32_t place) const {
    const PlaceRecord& a = g_.place(area);
    const PlaceRecord& p = g_.place(place);
    if (area == place) return false;
    if (a.kind == PlaceKind::kCountry) return a.country[0] == p.country[0] && a.country[1] == p.country[1];
    if (a.kind == PlaceKind::kAdmin1) return p.admin1 == area;
    return false;
  }

  bool Rank(bool neighbours) {
    // Regions found by pass 1, each with the matches that named it (in
    // order): a candidate looks up its own admin1 instead of testing every
    // region (Contains(region, place) is place.admin1 == region).
    std::unordered_map<uint32_t, std::vector<size_t>> regions;
    // Cities chosen by pass 1, each with the matches that chose it (in
    // order), and those pass 2 has chosen so far with the first match that
    // did: "near" looks at the next names' pass-1 choices and the previous
    // names' pass-2 ones, as the all-pairs loop this replaces did.
    std::unordered_map<uint32_t, std::vector<size_t>> chosen_before;
    std::unordered_map<uint32_t, size_t> chosen_now;
    // Names pass 1 resolved with a qualifier, and to which place (the first
    // qualified mention of each name).
    std::unordered_map<std::string_view, uint32_t> qualified_as;
    if (neighbours) {
      for (const Match& m : matches_)
        if (m.best >= 0 && m.candidates[m.best].qualified)
          qualified_as.emplace(m.key, m.candidates[m.best].place);
      for (size_t k = 0; k < matches_.size(); ++k) {
        const Match& m = matches_[k];
        if (m.best < 0) continue;
        const uint32_t place = m.candidates[m.best].place;
        if (g_.place(place).kind == PlaceKind::kAdmin1) regions[place].push_back(k);
        if (Local(g_.place(place))) chosen_before[place].push_back(k);
      }
      IndexCities();
    }
    for (size_t k = 0; k < matches_.size(); ++k) {
      if (k % 256 == 0 && doc_.deadline.Expired()) return false;
      Match& m = matches_[k];
      for (Candidate& c : m.candidates) {
        const PlaceRecord& r = g_.place(c.place);
        c.score = c.base;
        c.qualified = c.qualified_elsewhere = false;
        std::string& why = c.context;
        why.clear();
        const uint16_t key = CountryKey(r.country);
        if (const int* times = TimesNamed(key)) {
          c.score += kCountryNamed + std::min(kCountryNamedMax, kCountryNamedMore * (*times - 1));
          why.append(", ").append(r.country, 2).append(" named ").append(std::to_string(*times)) += 'x';
          if (in_sentence_.count(SentenceKey(doc_.tokens[m.first].sentence, key)) != 0) {
            c.score += kCountryInSentence;
            why += " (in this sentence)";
          }
        }
        if (neighbours) {
          // Named by another match: any of them gives the same reason.
          if (auto it = regions.find(r.admin1); it != regions.end() && it->first != c.place &&
                                               (it->second.size() > 1 || it->second[0] != k)) {
            c.score += kRegionNamed;
            why.append(", region ").append(g_.String(g_.place(it->first).name)).append(" named");
          }
          // The first other match (in text order) whose choice is a city
          // within kNearKm: an earlier one's pass-2 choice, else a later
          // one's pass-1 choice.
          if (Local(r)) {
            size_t first_before = matches_.size(), first_after = matches_.size();
            for (uint32_t other : NearbyCities(c.place)) {
              if (auto now = chosen_now.find(other); now != chosen_now.end())
                first_before = std::min(first_before, now->second);
              if (first_before < matches_.size()) continue;  // an earlier one wins anyway
              if (auto then = chosen_before.find(other); then != chosen_before.end()) {
                auto next = std::upper_bound(then->second.begin(), then->second.end(), k);
                if (next != then->second.end()) first_after = std::min(first_after, *next);
              }
            }
            const size_t o = first_before < matches_.size() ? first_before : first_after;
            if (o < matches_.size()) {
              const uint32_t other = matches_[o].candidates[matches_[o].best].place;
              c.score += kNear;
              why.append(", near ").append(g_.String(g_.place(other).name));
            }
          }
        }
        // "Paris, au Texas": the next name holds this one (or, for the next
        // name, the previous one lies in it).
        auto qualified = [&](const Match& q, bool q_contains) {
          for (const Candidate& qc : q.candidates)
            if (q_contains ? Contains(qc.place, c.place) : Contains(c.place, qc.place)) return true;
          return false;
        };
        if (m.qualifier >= 0 && qualified(matches_[m.qualifier], true)) {
          c.score += kQualified;
          c.qualified = true;
          why += ", qualified by the next name";
        }
        if (k > 0 && matches_[k - 1].qualifier == static_cast<int>(k) &&
            qualified(matches_[k - 1], false)) {
          c.score += kQualified;
          c.qualified = true;
          why += ", qualifies the previous name";
        }
        if (!c.qualified) {
          if (auto q = qualified_as.find(m.key); q != qualified_as.end() && q->second == c.place) {
            c.score += kQualifiedElsewhere;
            c.qualified_elsewhere = true;
            why += ", qualified at another mention";
          }
        }
      }
      m.best = -1;
      for (size_t c = 0; c < m.candidates.size(); ++c)
        if (m.best < 0 || m.candidates[c].score > m.candidates[m.best].score) m.best = static_cast<int>(c);
      if (!Acceptable(m)) m.best = -1;
      if (neighbours && m.best >= 0) {
        const uint32_t place = m.candidates[m.best].place;
        if (Local(g_.place(place))) chosen_now.emplace(place, k);  // keeps the first
      }
    }
    return true;
  }

  // The candidate cities of every match, in grid cells of one degree (of
  // latitude and of longitude, wrapped at the antimeridian), so that the
  // cities near one are found by looking at the cells around it.
  static int64_t CellKey(int lat_cell, int lon_cell) {
    return (static_cast<int64_t>(lat_cell) << 32) | static_cast<uint32_t>(lon_cell);
  }
  static int LatCell(double lat) { return static_cast<int>(std::floor(lat)); }
  static int LonCell(int degree) { return ((degree + 180) % 360 + 360) % 360; }
  static int LonCell(double lon) { return LonCell(static_cast<int>(std::floor(lon))); }

  // Towns and counties: places small enough that being near another
  // chosen one supports them.
  static bool Local(const PlaceRecord& r) {
    return r.kind == PlaceKind::kCity || r.kind == PlaceKind::kAdmin2;
  }

  void IndexCities() {
    if (!cells_.empty()) return;
    std::unordered_set<uint32_t> seen;
    for (const Match& m : matches_)
      for (const Candidate& c : m.candidates) {
        const PlaceRecord& r = g_.place(c.place);
        if (!Local(r) || !seen.insert(c.place).second) continue;
        cells_[CellKey(LatCell(r.lat), LonCell(r.lon))].push_back(c.place);
      }
  }

  // The candidate cities other than `place` closer than kNearKm to it, each
  // once (computed once per place).
  const std::vector<uint32_t>& NearbyCities(uint32_t place) {
    auto [it, inserted] = nearby_.try_emplace(place);
    if (!inserted) return it->second;
    const PlaceRecord& r = g_.place(place);
    // Within d of a point at latitude phi: latitudes phi +- d/R, longitudes
    // lambda +- asin(sin(d/R) / cos(phi)), every longitude when that passes
    // a pole. A smaller radius than geo.cc's and one cell more each way
    // keep the search a superset; the distance test decides.
    constexpr double kRadiusKm = 6300, kDeg = 180 / std::numbers::pi;
    const double angle = kNearKm / kRadiusKm;
    const int lat_span = static_cast<int>(std::ceil(angle * kDeg)) + 1;
    const double x = std::sin(angle) / std::cos(std::min(89.99, std::abs(static_cast<double>(r.lat))) / kDeg);
    const int lon_span = x >= 1 ? 180 : std::min(180, static_cast<int>(std::ceil(std::asin(x) * kDeg)) + 1);
    const int lat0 = LatCell(r.lat);
    const int lon0 = static_cast<int>(std::floor(r.lon));
    // Each cell once, in increasing order, even when the span wraps all
    // round (a span of 2 * lon_span + 1 below 360 cells has no repeat).
    lon_cells_.clear();
    if (2 * lon_span + 1 >= 360) {
      for (int c = 0; c < 360; ++c) lon_cells_.push_back(c);
    } else {
      for (int d = -lon_span; d <= lon_span; ++d) lon_cells_.push_back(LonCell(lon0 + d));
      std::sort(lon_cells_.begin(), lon_cells_.end());
    }
    for (int dlat = -lat_span; dlat <= lat_span; ++dlat)
      for (int lon_cell : lon_cells_) {
        auto cell = cells_.find(CellKey(lat0 + dlat, lon_cell));
        if (cell == cells_.end()) continue;
        for (uint32_t other : cell->second)
          if (other != place && DistanceKm(r, g_.place(other)) < kNearKm) it->second.push_back(other);
      }
    return it->second;
  }

  // Whether the best candidate is worth emitting (see the header).
  bool Acceptable(const Match& m) const {
    const Candidate& c = m.candidates[m.best];
    const PlaceRecord& r = g_.place(c.place);
    const bool doc_language_name = language_bit_ != 0 && (c.posting.languages & language_bit_) != 0;
    const bool own_name = (c.posting.flags & (name_flags::kMain | name_flags::kAscii |
                                               name_flags::kLocalised)) != 0;
    // The article supports the place: it names its country, or qualifies
    // the name ("Paris, au Texas"), or calls it a region; a county's name
    // says what it is ("Laurel County").
    const bool supported =
        TimesNamed(CountryKey(r.country)) != nullptr || c.qualified || c.qualified_elsewhere ||
        r.kind == PlaceKind::kAdmin2 ||
        (m.region_cue && (r.kind == PlaceKind::kAdmin1 ||
                          r.feature == static_cast<uint8_t>(FeatureRank::kSeat1)));
    if (m.state_mention || r.kind == PlaceKind::kCountry) return own_name;
    // A village known by an unlabelled alternate name, far from the story.
    if (!own_name && !supported) return false;
    // A small place that no catalogue names, in a country the article never names.
    if ((c.posting.flags & name_flags::kLocalised) == 0 && !supported && r.population < 50000)
      return false;
    const Token& first = doc_.tokens[m.first];
    if (m.count == 1 && IsCue(cues_->calendar, m.first) && !c.qualified) return false;
    // A function word with a capital ("Selon", "Vers", "On") is no place.
    constexpr uint32_t kClosedClasses =
        PosBit(Pos::kAdp) | PosBit(Pos::kDet) | PosBit(Pos::kPron) | PosBit(Pos::kCconj) |
        PosBit(Pos::kSconj) | PosBit(Pos::kNum) | PosBit(Pos::kAux) | PosBit(Pos::kPart);
    if (m.count == 1 && !m.directional && (PosBit(first.pos) & kClosedClasses) != 0 && !c.qualified)
      return false;
    // "Centre", "Littoral", "Northern", "Red Sea", "Good Hope", "Est": common
    // words with capitals name a place only when the article qualifies them,
    // calls them a region, or names them in its language and names their
    // country too, or for a large town under its name in the article's
    // language ("Paris", "Tours"). A county's name is a name ("Laurel County").
    bool common = true;
    for (uint32_t t = m.first; t < m.first + m.count; ++t)
      if ((doc_.tokens[t].flags & token_flags::kCapitalised) != 0)
        common = common && (doc_.tokens[t].flags & token_flags::kCommonWord) != 0;
    if (common && !m.directional && !c.qualified && !(m.region_cue && r.kind == PlaceKind::kAdmin1) &&
        r.kind != PlaceKind::kAdmin2) {
      // At the start of a sentence the capital says nothing: only a city
      // of a million ("Paris a accueilli") goes without its country there.
      const bool country_named = TimesNamed(CountryKey(r.country)) != nullptr;
      const bool sentence_start = (first.flags & token_flags::kSentenceStart) != 0;
      const bool large_town = r.kind == PlaceKind::kCity &&
                              r.population >= (sentence_start ? 1000000u : 100000u);
      if (!doc_language_name || !(country_named || large_town)) return false;
    }
    // A word of a longer proper name: "Vladimir Poutine", "Jean Dupont",
    // "Northern Herald". A country beside it ("Syrie Palmyre") does not count.
    if (m.count == 1 && !m.directional && !m.title && !c.qualified) {
      auto name_word = [&](uint32_t j) {
        const Token& u = doc_.tokens[j];
        return u.sentence == first.sentence && u.kind == TokenKind::kWord &&
               (u.flags & token_flags::kCapitalised) != 0 &&
               (u.flags & token_flags::kSentenceStart) == 0 && block_[j] != 2 &&
               !IsCue(cues_->region, j);
      };
      if ((m.first + 1 < doc_.tokens.size() && name_word(m.first + 1)) ||
          (m.first > 0 && (first.flags & token_flags::kSentenceStart) == 0 && name_word(m.first - 1)))
        return false;
    }
    return true;
  }

  void Emit() {
    for (const Match& m : matches_) {
      if (m.best < 0) continue;
      const Candidate& c = m.candidates[m.best];
      const PlaceRecord& chosen = g_.place(c.place);
      // "la province d'Idleb": a region named after its seat.
      const bool seat_region = m.region_cue && chosen.kind == PlaceKind::kCity &&
                               chosen.feature == static_cast<uint8_t>(FeatureRank::kSeat1) &&
                               chosen.admin1 != Gazetteer::kNoRecord;
      const PlaceRecord& r = seat_region ? g_.place(chosen.admin1) : chosen;
      Place p;
      p.first_token = m.first;
      p.token_count = m.count;
      p.span = {doc_.tokens[m.first].begin, doc_.tokens[m.first + m.count - 1].end};
      p.geonames_id = r.geonames_id;
      if (r.kind != PlaceKind::kCity) p.code = std::string(g_.String(r.code));
      p.name = std::string(g_.String(r.name));
      p.country = std::string(r.country, 2);
      if (r.admin1 != Gazetteer::kNoRecord) {
        p.admin1 = std::string(g_.String(g_.place(r.admin1).name));
        p.admin1_code = std::string(g_.String(g_.place(r.admin1).code));
      }
      if (r.kind == PlaceKind::kAdmin1) p.admin1_code = p.code;
      p.lat = r.lat;
      p.lon = r.lon;
      p.precision = r.kind == PlaceKind::kCity     ? PlacePrecision::kPoint
                    : r.kind == PlaceKind::kAdmin2 ? PlacePrecision::kAdmin2
                    : r.kind == PlaceKind::kAdmin1 ? PlacePrecision::kAdmin1
                                                   : PlacePrecision::kCountry;
      // "190 km north of Bangui": somewhere around the town, not the town.
      const bool near = r.kind == PlaceKind::kCity && !m.measured_from.empty();
      if (near) p.precision = PlacePrecision::kNear;
      p.capital = !near && r.kind == PlaceKind::kCity &&
                  r.feature == static_cast<uint8_t>(FeatureRank::kCapital);
      p.candidates = m.names;
      p.score = c.score;
      const std::string why = c.why + c.context;
      char head[320];
      std::snprintf(head, sizeof head, "geonames:%s \"%s\"%s%s%s: ",
                    r.kind == PlaceKind::kCity ? std::to_string(r.geonames_id).c_str()
                                               : std::string(g_.String(r.code)).c_str(),
                    m.key.c_str(),
                    m.directional ? " (a part of it)"
                    : seat_region ? " (the region of its seat)"
                                  : "",
                    near ? " (near it: " : "", near ? (m.measured_from + ")").c_str() : "");
      p.evidence = {p.span, head + why};
      std::vector<const Candidate*> others;
      for (const Candidate& o : m.candidates)
        if (&o != &c) others.push_back(&o);
      std::sort(others.begin(), others.end(),
                [](const Candidate* a, const Candidate* b) { return a->score > b->score; });
      for (size_t o = 0; o < others.size() && o < 3; ++o) {
        const PlaceRecord& q = g_.place(others[o]->place);
        char alt[200];
        std::snprintf(alt, sizeof alt, "%s%s (%.2s, %s) %.1f", o ? "; " : "",
                      std::string(g_.String(q.name)).c_str(), q.country,
                      q.kind == PlaceKind::kCity ? std::to_string(q.geonames_id).c_str()
                                                 : std::string(g_.String(q.code)).c_str(),
                      others[o]->score);
        p.runners_up += alt;
      }
      doc_.places.push_back(std::move(p));
    }
  }

  const GeocodeKnowledge& k_;
  const Gazetteer& g_;
  Document& doc_;
  const uint8_t language_bit_;
  const GeocodeCues::Words* cues_;
  std::vector<uint8_t> block_;
  std::vector<int32_t> mention_of_;  // per token, its mention or -1
  std::vector<bool> modifier_;       // per token: a compound of a later word ("US troops")
  mutable std::vector<std::string> folded_;  // per token, on demand
  std::vector<Match> matches_;
  // Countries named, by CountryKey, and how many times: an article names
  // a few, so a list, looked up for every candidate.
  std::vector<std::pair<uint16_t, int>> countries_;
  std::unordered_set<uint64_t> in_sentence_;  // SentenceKey: (sentence, country) named there
  std::unordered_map<int64_t, std::vector<uint32_t>> cells_;     // see IndexCities
  std::unordered_map<uint32_t, std::vector<uint32_t>> nearby_;   // see NearbyCities
  std::vector<int> lon_cells_;                                   // NearbyCities' room
};

}  // namespace

Result<GeocodeCues> GeocodeCues::Read(const DataSource& read) {
  auto words = ReadCues<Words>(read, "geocode/cues.txt",
                               {{"direction", &Words::direction}, {"article", &Words::article},
                                {"region", &Words::region}, {"linker", &Words::linker},
                                {"calendar", &Words::calendar}, {"near", &Words::near},
                                {"compass", &Words::compass}, {"unit", &Words::unit},
                                {"between", &Words::between}, {"within", &Words::within},
                                {"area", &Words::area}});
  if (!words.ok()) return words.status();
  GeocodeCues cues;
  for (auto& [lang, w] : *words) cues.by_language.emplace(lang, std::move(w));
  return cues;
}

Result<std::shared_ptr<const GeocodeKnowledge>> GeocodeKnowledge::Make(
    std::shared_ptr<const Gazetteer> gazetteer, const DataSource& read) {
  auto cues = GeocodeCues::Read(read);
  if (!cues.ok()) return cues.status();
  auto k = std::make_shared<GeocodeKnowledge>();
  k->gazetteer = std::move(gazetteer);
  k->cues = std::move(*cues);
  return std::shared_ptr<const GeocodeKnowledge>(std::move(k));
}

Result<std::shared_ptr<const GeocodeKnowledge>> GeocodeKnowledge::Load(const std::string& data_dir) {
  auto gazetteer = Gazetteer::Open(DefaultGazetteerSources(data_dir));
  if (!gazetteer.ok()) return gazetteer.status();
  return Make(*gazetteer, DataDirectory(data_dir));
}

Status GeocodeStage::Process(Document& doc) {
  doc.places.clear();
  if (!Resolver(*knowledge_, doc).Run()) return OutOfTime();
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeGeocodeStage(const Config& config, ResourceCache& cache) {
  return MakeStageWithKnowledge<GeocodeStage, GeocodeKnowledge>(config, cache, "geocode");
}

}  // namespace vigie
