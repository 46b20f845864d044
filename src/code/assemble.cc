// Assembly: an event from what the other steps found, with the evidence of
// every field, its place and date when the tree gave none, the counts of
// its sentence; then, per article, the events told twice made one. See
// coder.h.
#include <algorithm>

#include "base/calendar.h"
#include "base/countries.h"
#include "code/coder.h"

namespace vigie {

namespace {

constexpr int kBackgroundDays = 30;  // older than this before publication: background
constexpr const char* kCarried = "date carried from an earlier sentence of the paragraph";

class Assembler {
 public:
  Assembler(const CodeContext& c, const SentenceTree& tree, Document& doc)
      : c_(c), tree_(tree), doc_(doc) {}

  void Emit(const Candidate& cand, const Arguments& args, const Framing& framing,
            const Attribution& attribution) {
    const LexiconPattern& p = *cand.pattern;
    Event e;
    e.cameo = framing.code;
    e.sentence = tree_.sentence();
    const Token& trigger = tree_.token(cand.trigger);
    std::string rule = p.where + " " + p.text;
    // The words the pattern's conditions found: "take obj=control" with "control".
    for (size_t i = 1; i < cand.words.size(); ++i)
      rule += (i == 1 ? " with \"" : " \"") + tree_.form(cand.words[i]) + "\"";
    if (args.passive) rule += " (passive)";
    if (!framing.why.empty()) rule += "; " + framing.why;
    e.trigger = {{trigger.begin, trigger.end}, rule};

    const uint32_t clause = args.clause >= 0 ? static_cast<uint32_t>(args.clause) : cand.trigger;
    auto [clause_lo, clause_hi] = tree_.TokenRange(clause);
    const Sentence& s = doc_.sentences[tree_.sentence()];
    const uint32_t lo = s.first_token, hi = s.first_token + s.token_count - 1;

    e.modality = framing.modality;
    if (!attribution.speaker.empty()) {
      e.claimed_by = attribution.speaker;
      e.speaker_evidence = attribution.evidence;
      if (e.modality == Modality::kAsserted) e.modality = Modality::kReported;
    }
    if (args.place >= 0) {
      e.place = args.place;
      e.place_evidence = {doc_.places[args.place].span, p.where + " LOC=" + args.place_path};
    } else {
      e.place = NearestPlace(trigger_token(cand), clause_lo, clause_hi, lo, hi, &e.place_evidence);
    }
    Date(trigger_token(cand), clause, &e);

    // One event per pair of source and target.
    std::vector<const ArgumentRef*> sources, targets;
    for (const ArgumentRef& r : args.sources) sources.push_back(&r);
    // An actor is not its own target ("les jihadistes ... dont ils
    // s'étaient emparés"): the same mention, or the same group.
    auto same = [&](const ArgumentRef& a, const ArgumentRef& b) {
      if (a.mention == b.mention) return true;
      const Mention& x = doc_.mentions[a.mention];
      const Mention& y = doc_.mentions[b.mention];
      // Two actors of one country in different sectors are two actors
      // ("Georgian demonstrators ... the Georgian government").
      return !x.id.empty() && x.id == y.id && x.kind == y.kind && x.sector == y.sector;
    };
    for (const ArgumentRef& r : args.targets)
      if (std::none_of(args.sources.begin(), args.sources.end(), [&](const ArgumentRef& s) { return same(s, r); }))
        targets.push_back(&r);
    // A symmetric act with coordinated actors and no other target ("the
    // rebels and the government held talks", "Russia and Turkey signed an
    // agreement") is an act of each toward the others.
    const bool mutual = targets.empty() && sources.size() >= 2 && Symmetric(cand, args.clause);
    if (sources.empty()) sources.push_back(nullptr);
    if (targets.empty()) targets.push_back(nullptr);
    if (mutual) targets = sources;
    const size_t first = doc_.events.size();
    for (const ArgumentRef* src : sources)
      for (const ArgumentRef* tgt : targets) {
        if (mutual && src == tgt) continue;
        Event one = e;
        one.source = Actor(src, p.where + " SRC=");
        one.target = Actor(tgt, p.where + " TGT=");
        // "les djihadistes de Daesh ... dont ils s'étaient emparés": a
        // target that turns out to be the source's own group is none.
        if (!one.source.group.empty() && one.source.group == one.target.group) {
          if (tgt != targets.front()) continue;
          one.target = {};
        }
        Localise(one.place, &one.source);
        Localise(one.place, &one.target);
        CapitalAsActor(cand, &one);
        if (one.target.empty() && !mutual) PlaceAsTarget(args, &one);
        if (one.target.empty() && !mutual) TopicPlaceAsTarget(cand, &one);
        if (one.source.empty()) PlaceAsSource(cand, args, &one);
        ArmedToll(&one);
        Riot(&one);
        double confidence = 0.5;
        if (!one.source.empty()) confidence += 0.15;
        if (!one.target.empty()) confidence += 0.1;
        if (one.place >= 0) confidence += 0.1;
        if (one.time >= 0) confidence += 0.1;
        one.confidence = std::min(confidence, 0.95);
        doc_.events.push_back(std::move(one));
      }
    Accusations(attribution, first);
  }

 private:
  bool Symmetric(const Candidate& cand, int32_t clause) const {
    // The trigger, or a word its pattern required ("deepen obj=partnership").
    for (uint32_t w : cand.words)
      if (c_.Cue(c_.cues.symmetric, tree_, w)) return true;
    return clause >= 0 && static_cast<uint32_t>(clause) != cand.trigger &&
           c_.Cue(c_.cues.symmetric, tree_, static_cast<uint32_t>(clause));
  }

  uint32_t trigger_token(const Candidate& cand) const { return tree_.word(cand.trigger).token; }

  EventActor Actor(const ArgumentRef* ref, const std::string& slot) {
    EventActor a;
    if (ref == nullptr || ref->mention < 0) return a;
    const Mention& m = doc_.mentions[ref->mention];
    a.mention = ref->mention;
    a.text = std::string(doc_.Slice(m.span));
    a.country = m.country;
    a.sector = m.sector;
    if (m.kind == MentionKind::kGroup || m.kind == MentionKind::kOrganisation) a.group = m.id;
    a.evidence = {m.span, slot + ref->path};
    if (ref->anaphor >= 0) {
      const Token& t = doc_.tokens[ref->anaphor];
      a.evidence.rule += " (anaphor \"" + std::string(doc_.Form(t)) + "\")";
      a.evidence.span = {t.begin, t.end};
    }
    // "its jets", "leurs soldats": a sector noun that a possessive pronoun
    // owns is of the pronoun's antecedent, a speaker included ("the Russian
    // defence ministry said its jets struck").
    if (m.kind == MentionKind::kSector && m.country.empty() && m.first_token > 0 &&
        c_.cues.possessive.count(c_.fold(doc_.Form(doc_.tokens[m.first_token - 1]))) != 0) {
      const int32_t o = c_.index.Antecedent(m.first_token - 1, false, true);
      if (o >= 0 && !doc_.mentions[o].country.empty()) {
        a.country = doc_.mentions[o].country;
        a.evidence.rule += " + owner \"" + std::string(doc_.Slice(doc_.mentions[o].span)) + "\"";
        return a;
      }
    }
    // "les djihadistes" in a story about one armed group: that group.
    if (m.kind == MentionKind::kSector && m.sector == "REB" && m.country.empty()) {
      const Token& last = doc_.tokens[m.first_token + m.token_count - 1];
      const std::string& lemma = c_.fold(doc_.Lemma(last));
      const std::string& form = c_.fold(doc_.Form(last));
      if (c_.cues.member.count(lemma) != 0 || c_.cues.member.count(form) != 0) {
        const int32_t g = c_.index.Antecedent(m.first_token, true);
        if (g >= 0) {
          a.group = doc_.mentions[g].id;
          a.sector.clear();
          a.evidence.rule += " + context:last-group " + a.group;
        }
      }
    }
    return a;
  }

  // Police, soldiers, protesters or residents named without a country are
  // those of the event's place ("La police a interpellé 300 personnes à
  // Paris" is the French police), when the sentence names the place.
  void Localise(int32_t place, EventActor* a) const {
    if (place < 0 || a->mention < 0 || !a->country.empty() || !a->group.empty()) return;
    const Place& where = doc_.places[place];
    if (doc_.tokens[where.first_token].sentence != tree_.sentence()) return;
    // "Turkey pledged to support the new government": a country that acts
    // is no place of the others.
    const int32_t m = c_.index.mention_at(where.first_token);
    if (m >= 0 && !c_.index.IsPlaceName(m)) return;
    if (doc_.mentions[a->mention].kind != MentionKind::kSector) return;
    const std::string_view iso3 = CountryIso3(where.country);
    if (iso3.empty()) return;
    a->country = std::string(iso3);
    a->evidence.rule += " + context:place-country " + a->country;
  }

  // "Washington imposed sanctions", "Moscou dément", "condamné par Pékin",
  // "accused Kyiv of lying": a national capital that does or undergoes an
  // act as its subject, agent or object is a metonym for the government.
  // Not the object of force (18-20): "struck Kyiv" hits the city, a place.
  void CapitalAsActor(const Candidate& cand, Event* e) const {
    for (uint32_t c : tree_.children(cand.trigger)) {
      const std::string_view rel = tree_.rel(c);
      const std::string& prep = tree_.preposition(c);
      const bool passive_subject = rel == "nsubj:pass";
      const bool doer = (rel == "nsubj" && !tree_.passive(cand.trigger)) ||
                        (tree_.base(c) == "obl" && (prep == "by" || prep == "par"));
      const bool undergoer = rel == "obj" || rel == "iobj" || passive_subject;
      if (!doer && !undergoer) continue;
      const uint32_t token = tree_.word(c).token;
      const int32_t at = c_.index.place_at(token);
      if (at < 0 || c_.index.mention_at(token) >= 0) continue;
      const Place& place = doc_.places[at];
      if (!place.capital) continue;
      const std::string_view iso3 = CountryIso3(place.country);
      if (iso3.empty()) continue;
      EventActor* actor = doer ? &e->source : &e->target;
      if (!actor->empty()) continue;
      if (undergoer && e->cameo.substr(0, 2) >= "18") continue;
      const EventActor& other = doer ? e->target : e->source;
      if (other.country == iso3) continue;
      actor->country = std::string(iso3);
      actor->sector = "GOV";
      actor->text = std::string(doc_.Slice(place.span));
      actor->evidence = {place.span, std::string("capital as actor (") + std::string(rel) +
                                         "): the government of " + place.name + " (" +
                                         actor->country + " GOV)"};
    }
  }

  // "a mortar bomb was fired from the Gaza Strip", "des roquettes tirées
  // depuis le Liban": force with no one named comes from the state of the
  // place it was fired or launched from.
  void PlaceAsSource(const Candidate& cand, const Arguments& args, Event* e) const {
    if (e->cameo.substr(0, 2) < "18") return;
    int32_t from = -1;
    std::string prep;
    for (const int32_t v : {static_cast<int32_t>(cand.trigger), args.clause}) {
      if (v < 0 || from >= 0) continue;
      for (uint32_t c : tree_.children(static_cast<uint32_t>(v))) {
        prep = tree_.preposition(c);
        if (tree_.base(c) == "obl" && (prep == "from" || prep == "depuis")) {
          from = c_.index.place_at(tree_.word(c).token);
          if (from >= 0) break;
        }
      }
    }
    if (from < 0) return;
    const Place& place = doc_.places[from];
    const std::string_view iso3 = CountryIso3(place.country);
    if (iso3.empty() || e->target.country == iso3) return;
    e->source.country = std::string(iso3);
    e->source.text = place.name;
    e->source.evidence = {place.span, "place as source (" + prep + "): the state of " +
                                          place.name + " (" + e->source.country + ")"};
  }

  // "expressed sorrow for the shootings in South Carolina", "claimed
  // responsibility for an attack in Kenya's capital": a statement about
  // what happened in a place is aimed at the state of that place, the
  // speaker's own included.
  void TopicPlaceAsTarget(const Candidate& cand, Event* e) const {
    if (e->place < 0 || !e->cameo.starts_with("01")) return;
    const Place& place = doc_.places[e->place];
    const std::string_view iso3 = CountryIso3(place.country);
    if (iso3.empty()) return;
    // The phrase hangs from the trigger or from a word of its pattern
    // ("claimed responsibility for").
    std::vector<uint32_t> heads = cand.words;
    heads.push_back(cand.trigger);
    for (uint32_t w : heads)
      for (uint32_t c : tree_.children(w)) {
        const std::string& prep = tree_.preposition(c);
        if (prep != "for" && prep != "over" && prep != "about" && prep != "pour" && prep != "sur") continue;
        const auto [lo, hi] = tree_.TokenRange(c);
        if (place.first_token < lo || place.first_token > hi) continue;
        e->target.country = std::string(iso3);
        e->target.text = place.name;
        e->target.evidence = {place.span, "place as target (" + prep + " what happened in " + place.name +
                                              "): the state of " + place.name + " (" + e->target.country + ")"};
        return;
      }
  }

  // The CAMEO convention for an act aimed at a place: with no actor as
  // target, the target is the state the place is in. The place must be the
  // trigger's target ("bombed Idlib", "strikes on Gaza", "invaded the south
  // of Lebanon") or, for protests, shows of force and violence, where it
  // happened ("staged a protest in Beijing", "military exercises in
  // Alaska", "attacked a church in Kaduna"); never a place the sentence
  // names elsewhere ("the Paris agreement"). Not when the source is of that
  // state (a state's acts at home have no target by place), nor for speech
  // acts (01-03, 10-13). A town taken is taken from the state's government
  // (192). Acts of cooperation take only a place that is their object.
  void PlaceAsTarget(const Arguments& args, Event* e) const {
    if (e->place < 0 || args.place != e->place) return;
    const std::string root = e->cameo.substr(0, 2);
    if (root <= "03" || (root >= "10" && root <= "13")) return;
    const bool where = c_.cues.locative.count(args.place_path) != 0;
    if (where && root != "14" && root != "15" && root < "17") return;
    // Acts of cooperation go to a place itself ("visited France"), not to
    // one inside their object ("attended a summit in Addis Ababa").
    if (!where && root < "14" && !args.place_is_slot) return;
    const Place& place = doc_.places[e->place];
    const std::string_view iso3 = CountryIso3(place.country);
    if (iso3.empty() || e->source.country == iso3) return;
    // "between Israel and Hamas": a country that acts is no place; one
    // whose town it is ("Syria's second city") or named after "in" is.
    const int32_t m = c_.index.mention_at(place.first_token);
    if (m >= 0 && !c_.index.IsPlaceName(m)) {
      const Mention& state = doc_.mentions[m];
      const uint32_t after = state.first_token + state.token_count;
      if (after >= doc_.tokens.size() || doc_.Lemma(doc_.tokens[after]) != "'s") return;
    }
    e->target.country = std::string(iso3);
    if (e->cameo.starts_with("192")) e->target.sector = "GOV";
    e->target.text = place.name;
    e->target.evidence = {place.span, "place as target (" + args.place_path + "): the state of " + place.name +
                                          " (" + e->target.country +
                                          (e->target.sector.empty() ? "" : " " + e->target.sector) + ")"};
  }

  // A killing of soldiers or fighters ("ten Russian soldiers were killed",
  // "gunmen killed five soldiers") is an act of war (190), not an assault
  // on people (1823).
  void ArmedToll(Event* e) const {
    if (e->cameo != "1823") return;
    const std::string& s = e->target.sector;
    const bool group = e->target.mention >= 0 && doc_.mentions[e->target.mention].kind == MentionKind::kGroup;
    if (s != "MIL" && s != "REB" && !group) return;
    e->cameo = "190";
    e->trigger.rule += "; the killed are armed (" + (e->target.group.empty() ? s : e->target.group) +
                       "): fighting, 190";
  }

  // "Protesters torched the town hall", "a protester demolished the
  // building": property destroyed by protesters is a riot (145).
  void Riot(Event* e) const {
    if (!e->cameo.starts_with("1712") || e->source.sector != "PRO") return;
    e->cameo = "145";
    e->trigger.rule += "; done by protesters: a violent protest, 145";
  }

  // "Israel said a mortar bomb was fired at it", "The US claimed that ISIL
  // had attacked Iraq": a state (or one of its officials) that alleges
  // another's act of force or coercion, or tells of one done to it,
  // accuses (112). When the speaker claims its own act of force, it claims
  // responsibility (015). Not for monitors, media or the unnamed,
  // nor for a plain "said" of an act between others (a report, not an
  // accusation).
  void Accusations(const Attribution& attribution, size_t first) {
    if (attribution.mention < 0) return;
    const bool alleged = c_.cues.allegation.count(attribution.verb) != 0;
    const Mention& speaker = doc_.mentions[attribution.mention];
    const bool state = speaker.kind == MentionKind::kState ||
                       (!speaker.country.empty() && (speaker.sector == "GOV" || speaker.sector == "MIL" ||
                                                     speaker.sector == "ELI" || speaker.sector == "LEG"));
    if (!state) return;
    const size_t last = doc_.events.size();
    for (size_t i = first; i < last; ++i) {
      const Event& done = doc_.events[i];
      if (done.modality != Modality::kReported || done.cameo.substr(0, 2) < "15") continue;
      const EventActor& doer = done.source;
      const bool victim = !speaker.country.empty() && done.target.country == speaker.country;
      // "The US claimed that they had attacked Iraq": a state that claims
      // its own act of force claims responsibility for it (015); one that
      // only says so ("the ministry said its jets struck") reports it.
      const bool own = !doer.empty() && doer.country == speaker.country && doer.group.empty();
      const bool claim = own && alleged && done.cameo.substr(0, 2) >= "18" && !victim;
      if (!claim && !alleged && !victim) continue;
      if (!claim && (!doer.empty() ? own : !victim)) continue;
      Event accuse;
      accuse.cameo = claim ? "015" : "112";
      accuse.sentence = done.sentence;
      accuse.modality = Modality::kAsserted;
      accuse.trigger = {attribution.evidence.span,
                        std::string(claim ? "claim of responsibility: " : "accusation: ") + attribution.speaker +
                            " tells of " + done.cameo +
                            (claim ? " by itself" : doer.empty() ? " done to it" : " by " + doer.text) + " (" +
                            done.trigger.rule + ")"};
      accuse.source.mention = attribution.mention;
      accuse.source.text = attribution.speaker;
      accuse.source.country = speaker.country;
      accuse.source.sector = speaker.sector;
      if (speaker.kind == MentionKind::kOrganisation) accuse.source.group = speaker.id;
      accuse.source.evidence = {attribution.evidence.span, "speaker"};
      accuse.target = claim ? done.target : doer;
      accuse.place = done.place;
      accuse.place_evidence = done.place_evidence;
      accuse.time = done.time;
      accuse.earliest = done.earliest;
      accuse.latest = done.latest;
      accuse.date_evidence = done.date_evidence;
      accuse.background = done.background;
      accuse.confidence = std::min(done.confidence, 0.7);
      const bool told = std::any_of(doc_.events.begin(), doc_.events.end(),
                                    [&](const Event& o) {
                                      return o.cameo == accuse.cameo && o.sentence == accuse.sentence &&
                                             o.source.country == accuse.source.country &&
                                             o.target.country == accuse.target.country &&
                                             o.target.group == accuse.target.group;
                                    });
      if (!told) doc_.events.push_back(std::move(accuse));
    }
  }

  // "BRUSSELS (Reuters) -", "BEYROUTH (AFP) -": a town in capitals that
  // opens its paragraph is where the story was filed, not where it happened.
  bool Dateline(const Place& p) const {
    const Token& t = doc_.tokens[p.first_token];
    if ((t.flags & token_flags::kAllCaps) == 0) return false;
    const Sentence& s = doc_.sentences[t.sentence];
    return p.first_token == s.first_token && doc_.paragraphs[s.paragraph].first_sentence == t.sentence;
  }

  // A place the document index keeps (not a nationality adjective).
  bool Usable(size_t place) const {
    const uint32_t t = doc_.places[place].first_token;
    return t < doc_.tokens.size() && c_.index.place_at(t) == static_cast<int32_t>(place);
  }

  // The index of the first place that starts at or after token t: places
  // are in text order (the geocode stage emits them so; 0 if they are not).
  size_t FirstPlaceFrom(uint32_t t) const {
    if (!c_.index.places_sorted()) return 0;
    auto before = [](const Place& p, uint32_t v) { return p.first_token < v; };
    return static_cast<size_t>(std::lower_bound(doc_.places.begin(), doc_.places.end(), t, before) -
                               doc_.places.begin());
  }

  // Only the places of the span searched are looked at, so an event costs
  // the places of its sentence, not all the article's (a long article of
  // place names was quadratic).
  int32_t NearestPlace(uint32_t t, uint32_t clause_lo, uint32_t clause_hi, uint32_t lo, uint32_t hi,
                       Evidence* evidence) {
    auto search = [&](uint32_t a, uint32_t b, bool points_only) {
      int32_t best = -1;
      uint32_t best_distance = UINT32_MAX;
      for (size_t i = FirstPlaceFrom(a); i < doc_.places.size(); ++i) {
        const Place& p = doc_.places[i];
        if (p.first_token > b && c_.index.places_sorted()) break;
        if (p.first_token < a || p.first_token > b || Dateline(p) || !Usable(i)) continue;
        if (points_only && p.precision == PlacePrecision::kCountry) continue;
        const uint32_t d = p.first_token > t ? p.first_token - t : t - p.first_token;
        if (d < best_distance) {
          best_distance = d;
          best = static_cast<int32_t>(i);
        }
      }
      return best;
    };
    struct Step { uint32_t a, b; bool points; const char* why; };
    const Step steps[] = {{clause_lo, clause_hi, true, "nearest place of the clause"},
                          {lo, hi, true, "nearest place of the sentence"}};
    for (const Step& step : steps) {
      int32_t p = search(step.a, step.b, step.points);
      if (p >= 0) {
        *evidence = {doc_.places[p].span, step.why};
        return p;
      }
    }
    // The town the story was last about ("cette ville"), before a country.
    const size_t from = c_.index.places_sorted() ? FirstPlaceFrom(lo) : doc_.places.size();
    for (int32_t i = static_cast<int32_t>(from) - 1; i >= 0; --i) {
      const Place& p = doc_.places[i];
      if (p.first_token < lo && p.precision != PlacePrecision::kCountry && !Dateline(p) && Usable(i)) {
        *evidence = {p.span, "last town named before"};
        return i;
      }
    }
    int32_t country = search(lo, hi, false);
    if (country >= 0) *evidence = {doc_.places[country].span, "country of the sentence"};
    return country;
  }

  // The head of the clause that holds w: w itself when it heads one, else
  // the first word above it that does (a root, a relative, adverbial or
  // complement clause, or a verb coordinated with another).
  uint32_t ClauseOf(uint32_t w) const {
    for (int depth = 0; depth < 32; ++depth) {
      const std::string_view r = tree_.rel(w);
      const bool verb = tree_.pos(w) == Pos::kVerb || tree_.pos(w) == Pos::kAux;
      if (tree_.head(w) < 0 || r == "acl:relcl" || r == "advcl" || r == "ccomp" || r == "parataxis" ||
          r == "csubj" || r == "xcomp" || (verb && (r == "conj" || r == "acl")))
        return w;
      w = static_cast<uint32_t>(tree_.head(w));
    }
    return w;
  }

  // The date opens a period: "depuis", "since", "from ... on".
  bool Since(uint32_t t) const {
    const std::string& first = c_.fold(doc_.Form(doc_.tokens[t]));
    if (first == "depuis" || first == "since") return true;
    if (t == 0) return false;
    const std::string& f = c_.fold(doc_.Form(doc_.tokens[t - 1]));
    if (f == "depuis" || f == "since") return true;
    return t >= 2 && f == "le" && c_.fold(doc_.Form(doc_.tokens[t - 2])) == "depuis";
  }

  bool AfterReport(uint32_t t, uint32_t lo) const {
    for (uint32_t u = t; u > lo && u + 3 > t; --u) {
      const Token& before = doc_.tokens[u - 1];
      if (c_.cues.report.count(c_.fold(doc_.Lemma(before))) != 0 ||
          c_.cues.report.count(c_.fold(doc_.Form(before))) != 0)
        return true;
    }
    return false;
  }

  // The date of an event: a date of its own clause, else one of the clauses
  // above it; never a date of a relative clause ("dont ils s'étaient emparés
  // samedi") nor of a reporting verb ("a annoncé dimanche").
  void Date(uint32_t trigger, uint32_t clause_word, Event* e) {
    const uint32_t own = ClauseOf(clause_word);
    std::vector<uint32_t> above;
    for (int32_t v = tree_.head(own); v >= 0 && above.size() < 8; v = tree_.head(static_cast<uint32_t>(v))) {
      const uint32_t c = ClauseOf(static_cast<uint32_t>(v));
      above.push_back(c);
      v = static_cast<int32_t>(c);
    }
    const Sentence& s = doc_.sentences[tree_.sentence()];
    int32_t chosen = -1;
    const char* why = "";
    int best_rank = 99;
    uint32_t best_distance = UINT32_MAX;
    for (size_t i = 0; i < doc_.times.size(); ++i) {
      const TimeExpr& x = doc_.times[i];
      if (x.first_token < s.first_token || x.first_token >= s.first_token + s.token_count) continue;
      const uint32_t word = doc_.tokens[x.first_token].first_word;
      if (word < tree_.begin() || word >= tree_.end()) continue;
      const uint32_t clause = ClauseOf(word);
      int rank = 99;
      if (clause == own) rank = 0;
      else
        for (size_t k = 0; k < above.size(); ++k)
          if (above[k] == clause) rank = 1 + static_cast<int>(k);
      if (rank == 99) continue;
      if (rank > 0 && c_.Cue(c_.cues.report, tree_, clause)) continue;
      // Right after a reporting verb, whatever the parse: "a rapporté
      // dimanche l'OSDH".
      if (AfterReport(x.first_token, s.first_token)) continue;
      const uint32_t d = x.first_token > trigger ? x.first_token - trigger : trigger - x.first_token;
      if (rank < best_rank || (rank == best_rank && d < best_distance)) {
        best_rank = rank;
        best_distance = d;
        chosen = static_cast<int32_t>(i);
        why = rank == 0 ? "date of the clause" : "date of the clause above";
      }
    }
    // A sentence with no date that continues its paragraph takes the date
    // the paragraph gave last ("Samedi, les rebelles ont attaqué Goma. Ils
    // ont incendié le marché.").
    if (chosen < 0) {
      const Paragraph& paragraph = doc_.paragraphs[s.paragraph];
      for (size_t i = doc_.times.size(); i-- > 0;) {
        const TimeExpr& x = doc_.times[i];
        if (x.first_token >= s.first_token) continue;
        if (doc_.tokens[x.first_token].sentence < paragraph.first_sentence) break;
        if (AfterReport(x.first_token, doc_.sentences[doc_.tokens[x.first_token].sentence].first_token)) continue;
        chosen = static_cast<int32_t>(i);
        why = kCarried;
        break;
      }
    }
    const auto published = calendar::ParseIso(doc_.published);
    if (chosen >= 0) {
      const TimeExpr& x = doc_.times[chosen];
      e->time = chosen;
      e->earliest = x.earliest;
      e->latest = x.latest;
      e->date_evidence = {x.span, why};
      // "5 000 morts depuis le 7 octobre", "181 civilians killed since
      // 2014": a toll over a period, from its start to publication, never
      // the day the period began.
      if (Since(x.first_token) && published && !doc_.published.empty() && doc_.published > x.earliest) {
        e->latest = doc_.published;
        e->date_evidence.rule += "; a period: from it to publication";
      }
    } else if (published) {
      e->earliest = calendar::FormatIso(*published - 1);
      e->latest = doc_.published;
      e->date_evidence = {{0, 0}, "no date in its clause: the day before publication to publication"};
    }
    const auto latest = calendar::ParseIso(e->latest);
    e->background = published && latest && *latest < *published - kBackgroundDays;
  }

  const CodeContext& c_;
  const SentenceTree& tree_;
  Document& doc_;
};

// "détruit 11 chars et 31 véhicules": a destroying verb before the count.
bool Destroyed(const Document& doc, uint32_t t, uint32_t lo) {
  for (uint32_t u = t; u > lo && u + 8 > t; --u) {
    const std::string_view lemma = doc.Lemma(doc.tokens[u - 1]);
    if (lemma == "détruire" || lemma == "destroy") return true;
  }
  return false;
}

bool SameActor(const EventActor& a, const EventActor& b) {
  if (a.empty() || b.empty()) return true;
  if (!a.group.empty() || !b.group.empty()) return a.group == b.group;
  return a.country == b.country && (a.sector.empty() || b.sector.empty() || a.sector == b.sector);
}

// A killing with no agent ("300 membres de Daesh tués"), told in a story
// of fighting, is the toll of that fighting.
bool TollOfFighting(const Event& kill, const Event& fight) {
  return kill.cameo == "1823" && kill.source.empty() &&
         (fight.cameo.starts_with("19") || fight.cameo.starts_with("20"));
}

bool SoftDate(const Event& e) { return e.time < 0 || e.date_evidence.rule == kCarried; }

bool Compatible(const Document& doc, const Event& a, const Event& b) {
  const bool same_code = a.cameo.starts_with(b.cameo) || b.cameo.starts_with(a.cameo);
  if (!same_code && !TollOfFighting(b, a) && !TollOfFighting(a, b)) return false;
  if ((a.modality == Modality::kNegated) != (b.modality == Modality::kNegated)) return false;
  if (a.background != b.background) return false;
  if (!SameActor(a.source, b.source) || !SameActor(a.target, b.target)) return false;
  if (a.place >= 0 && b.place >= 0) {
    const Place& p = doc.places[a.place];
    const Place& q = doc.places[b.place];
    if (p.geonames_id != q.geonames_id || p.code != q.code) return false;
  }
  // A date the sentence did not give (the publication's, or carried from
  // the paragraph) does not keep two tellings apart.
  if (!a.earliest.empty() && !b.earliest.empty() && !SoftDate(a) && !SoftDate(b) &&
      (a.latest < b.earliest || b.latest < a.earliest))
    return false;
  return true;
}

}  // namespace

void AssembleEvents(const CodeContext& c, const SentenceTree& tree, const Candidate& candidate,
                    const Arguments& arguments, const Framing& framing,
                    const Attribution& attribution, Document& doc) {
  Assembler(c, tree, doc).Emit(candidate, arguments, framing, attribution);
}

void AttachClaims(Document& doc, uint32_t sentence, size_t first_event) {
  if (doc.events.size() == first_event) return;
  const Sentence& s = doc.sentences[sentence];
  const uint32_t lo = s.first_token, hi = s.first_token + s.token_count - 1;
  for (size_t qi = 0; qi < doc.quantities.size(); ++qi) {
    const Quantity& q = doc.quantities[qi];
    if (q.first_token < lo || q.first_token > hi || q.kind.empty()) continue;
    Event* nearest = nullptr;
    uint32_t best = UINT32_MAX;
    for (size_t i = first_event; i < doc.events.size(); ++i) {
      Event& e = doc.events[i];
      if (e.modality == Modality::kNegated || e.modality == Modality::kHypothetical) continue;
      const uint32_t trigger = e.trigger.span.begin, at = doc.tokens[q.first_token].begin;
      const uint32_t d = trigger > at ? trigger - at : at - trigger;
      if (d < best) {
        best = d;
        nearest = &e;
      }
    }
    if (nearest == nullptr) continue;
    Claim claim;
    claim.quantity = q.kind;
    if ((q.kind == "tanks" || q.kind == "vehicles") && Destroyed(doc, q.first_token, lo))
      claim.quantity += "_destroyed";
    claim.value = q.value;
    claim.has_value = q.qualifier != Qualifier::kManyUnquantified;
    claim.qualifier = q.qualifier;
    claim.claimed_by = nearest->claimed_by;
    claim.quantity_index = static_cast<int32_t>(qi);
    claim.evidence = {q.span, q.evidence.rule};
    nearest->claims.push_back(std::move(claim));
  }
}

void MergeArticleEvents(Document& doc) {
  std::vector<Event> merged;
  for (Event& e : doc.events) {
    Event* into = nullptr;
    for (Event& m : merged)
      if (Compatible(doc, m, e)) {
        into = &m;
        break;
      }
    if (into == nullptr) {
      merged.push_back(std::move(e));
      continue;
    }
    // A toll told before its fighting: the fighting is the event.
    if (TollOfFighting(*into, e)) std::swap(*into, e);
    // The fuller actor of the two: "l'aviation russe" over "russes".
    auto fuller = [](EventActor& a, EventActor& b) {
      if (a.empty() || (a.group.empty() && a.sector.empty() && (!b.sector.empty() || !b.group.empty()))) a = b;
    };
    fuller(into->source, e.source);
    fuller(into->target, e.target);
    if (into->claimed_by.empty() && !e.claimed_by.empty()) {
      into->claimed_by = e.claimed_by;
      into->speaker_evidence = e.speaker_evidence;
      if (into->modality == Modality::kAsserted) into->modality = e.modality;
    }
    if (into->place < 0) {
      into->place = e.place;
      into->place_evidence = e.place_evidence;
    }
    if ((into->time < 0 && e.time >= 0) || (SoftDate(*into) && !SoftDate(e))) {
      into->time = e.time;
      into->earliest = e.earliest;
      into->latest = e.latest;
      into->date_evidence = e.date_evidence;
    }
    // The most precise code of the two (a toll keeps the fighting's).
    if (e.cameo.size() > into->cameo.size() && e.cameo.starts_with(into->cameo)) into->cameo = e.cameo;
    // The same claim by the same speaker, told twice, is one claim.
    for (Claim& claim : e.claims) {
      bool known = false;
      for (const Claim& k : into->claims)
        known = known || (k.quantity == claim.quantity && k.value == claim.value &&
                          k.qualifier == claim.qualifier && k.claimed_by == claim.claimed_by);
      if (!known) into->claims.push_back(std::move(claim));
    }
    into->confidence = std::min(0.95, std::max(into->confidence, e.confidence) + 0.05);
  }
  doc.events = std::move(merged);
}

}  // namespace vigie
