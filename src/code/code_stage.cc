// The code stage; see code_stage.h and code/coder.h.
#include "code/code_stage.h"
#include <algorithm>
#include <unordered_set>

#include "base/utf8.h"

namespace vigie {

// --- Knowledge ---------------------------------------------------------------

Result<std::shared_ptr<const CodeKnowledge>> CodeKnowledge::Make(const DataSource& read) {
  auto k = std::make_shared<CodeKnowledge>();
  auto codebook = Codebook::Build(read);
  if (!codebook.ok()) return codebook.status();
  k->codebook = *codebook;
  auto known = [&](const std::string& code, const std::string& where) -> Status {
    if (k->codebook->Find(code) == nullptr)
      return Status(ErrorCode::kBadDataFile, where + ": CAMEO code " + code + " is not in code/cameo.txt");
    return Status::Ok();
  };
  for (const char* lang : {"fr", "en"}) {
    auto lexicon = EventLexicon::Read(read, std::string("code/") + lang + ".events.txt");
    if (!lexicon.ok()) return lexicon.status();
    for (size_t i = 0; i < lexicon->size(); ++i)
      if (Status s = known(lexicon->pattern(i).code, lexicon->pattern(i).where); !s.ok()) return s;
    k->lexicons.emplace(lang, std::move(*lexicon));
    auto hazards = EventLexicon::ReadKinds(read, std::string("code/") + lang + ".hazards.txt", {"natural", "accident"});
    if (!hazards.ok()) return hazards.status();
    k->hazards.emplace(lang, std::move(*hazards));
  }
  auto cues = ReadCues<CodeCues>(
      read, "code/cues.txt",
      {{"report", &CodeCues::report}, {"according", &CodeCues::according},
       {"negator", &CodeCues::negator}, {"denial", &CodeCues::denial},
       {"hedge", &CodeCues::hedge}, {"anaphor", &CodeCues::anaphor},
       {"member", &CodeCues::member}, {"locative", &CodeCues::locative},
       {"in_country", &CodeCues::in_country},
       {"support", &CodeCues::support},
       {"result", &CodeCues::result}, {"target", &CodeCues::target},
       {"intent", &CodeCues::intent}, {"threat", &CodeCues::threat}, {"refusal", &CodeCues::refusal},
       {"allegation", &CodeCues::allegation},
       {"implicative", &CodeCues::implicative}, {"relative", &CodeCues::relative},
       {"future", &CodeCues::future}, {"directive", &CodeCues::directive},
       {"symmetric", &CodeCues::symmetric}, {"measure", &CodeCues::measure},
       {"cessation", &CodeCues::cessation}, {"possessive", &CodeCues::possessive}});
  if (!cues.ok()) return cues.status();
  k->cues = std::move(*cues);
  // code/intent.txt: "intent|threat|refusal  act-prefix|*  code".
  Status s = read("code/intent.txt", [&](const DataLine& line) -> Status {
    if (line.fields.size() != 3)
      return line.Error("expected: intent, threat or refusal, the act's code prefix or *, the code");
    const std::string kind(line.fields[0]), act(line.fields[1]), code(line.fields[2]);
    if (kind != "intent" && kind != "threat" && kind != "refusal")
      return line.Error("'" + kind + "' is none of intent, threat, refusal");
    if (act != "*")
      if (Status st = known(act, line.Where()); !st.ok()) return st;
    if (Status st = known(code, line.Where()); !st.ok()) return st;
    auto& table = kind == "intent" ? k->intents.intent : kind == "threat" ? k->intents.threat : k->intents.refusal;
    if (!table.emplace(act, code).second) return line.Error("'" + act + "' is given twice");
    return Status::Ok();
  });
  if (!s.ok()) return s;
  auto acled = AcledRules::Read(read, *k->codebook);
  if (!acled.ok()) return acled.status();
  k->acled = std::move(*acled);
  return std::shared_ptr<const CodeKnowledge>(std::move(k));
}

Result<std::shared_ptr<const CodeKnowledge>> CodeKnowledge::Load(const std::string& data_dir) {
  return Make(DataDirectory(data_dir));
}

// --- Which mention and place each token is part of ----------------------------

DocumentIndex::DocumentIndex(const Document& doc, const CodeCues& cues) {
  mention_at_.assign(doc.tokens.size(), -1);
  place_at_.assign(doc.tokens.size(), -1);
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const Mention& m = doc.mentions[i];
    for (uint32_t t = m.first_token; t < m.first_token + m.token_count && t < doc.tokens.size(); ++t)
      mention_at_[t] = static_cast<int32_t>(i);
  }
  places_sorted_ = std::is_sorted(doc.places.begin(), doc.places.end(),
                                  [](const Place& a, const Place& b) { return a.first_token < b.first_token; });
  for (size_t i = 0; i < doc.places.size(); ++i) {
    const Place& p = doc.places[i];
    for (uint32_t t = p.first_token; t < p.first_token + p.token_count && t < doc.tokens.size(); ++t)
      place_at_[t] = static_cast<int32_t>(i);
  }
  // A country named as a place: after "en", "in" (and an article).
  place_name_.assign(doc.mentions.size(), false);
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const Mention& m = doc.mentions[i];
    if (m.kind != MentionKind::kState || m.first_token >= doc.tokens.size() || place_at_[m.first_token] < 0) continue;
    uint32_t t = m.first_token;
    if (t > 0 && doc.tokens[t - 1].pos == Pos::kDet) --t;
    if (t > 0) place_name_[i] = cues.in_country.count(utf8::Fold(doc.Form(doc.tokens[t - 1]))) != 0;
  }
  // A dateline ("BEYROUTH (AFP) -", "NAIROBI (Reuters) -") names where and
  // by whom the story was filed: neither an actor nor the place of an event.
  for (const Paragraph& paragraph : doc.paragraphs) {
    if (paragraph.first_sentence >= doc.sentences.size()) continue;
    const Sentence& s = doc.sentences[paragraph.first_sentence];
    bool filed = false;
    for (uint32_t t = s.first_token; t < s.first_token + s.token_count && t < s.first_token + 10; ++t) {
      const std::string_view f = doc.Form(doc.tokens[t]);
      if (f == ")" || (doc.tokens[t].flags & token_flags::kAllCaps) != 0) filed = true;
      if ((f == "-" || f == "—" || f == "–") && filed) {
        for (uint32_t u = s.first_token; u < t; ++u) mention_at_[u] = place_at_[u] = -1;
        break;
      }
    }
  }
  // The mentions a pronoun may stand for, all of them and the groups, in
  // mention order with where each ends: Antecedent looks up the last one
  // ending before a token instead of reading every mention back (which made
  // coding quadratic in the length of an article).
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const Mention& m = doc.mentions[i];
    if (place_name_[i] || (m.kind == MentionKind::kOrganisation && m.sector == "MED")) continue;
    const uint32_t end = m.first_token + m.token_count;
    actors_.push_back({end, static_cast<int32_t>(i)});
    if (m.kind == MentionKind::kGroup) groups_.push_back({end, static_cast<int32_t>(i)});
  }
  // The groups are a subsequence of the actors: sorted when they are.
  ends_sorted_ = std::is_sorted(actors_.begin(), actors_.end(),
                                [](const Ending& a, const Ending& b) { return a.end < b.end; });
}

int32_t DocumentIndex::Antecedent(uint32_t t, bool group_only, bool speakers) const {
  const std::vector<Ending>& list = group_only ? groups_ : actors_;
  // Mentions in text order end in order: those ending by t come first.
  size_t k = list.size();
  if (ends_sorted_)
    k = std::upper_bound(list.begin(), list.end(), t, [](uint32_t v, const Ending& e) { return v < e.end; }) -
        list.begin();
  for (size_t j = k; j-- > 0;) {
    if (list[j].end > t || (!speakers && speakers_.count(list[j].mention) != 0)) continue;
    return list[j].mention;
  }
  return -1;
}

// --- One sentence ----------------------------------------------------------------

namespace {

// The steps of coder.h over one sentence's tree, and which candidates become
// events: the framing of one may make another its content.
void CodeSentence(const CodeContext& c, const SentenceTree& tree, Document& doc) {
  const std::vector<Candidate> candidates = MatchSentence(c, tree);
  std::vector<Arguments> arguments;
  std::vector<Framing> framings;
  for (const Candidate& candidate : candidates) {
    arguments.push_back(FindArguments(c, tree, candidate));
    framings.push_back(FindFraming(c, tree, candidate, arguments.back().clause));
  }
  auto is_trigger = [&](int32_t w) {
    return std::any_of(candidates.begin(), candidates.end(),
                       [&](const Candidate& o) { return static_cast<int32_t>(o.trigger) == w; });
  };
  // The verb of intent, or the verb it depends on: "s'est dit prêt à
  // dialoguer" is the intent to negotiate, not a statement besides.
  auto governs_intent = [&](uint32_t w) {
    return std::any_of(framings.begin(), framings.end(), [&](const Framing& f) {
      return !f.intended.empty() &&
             (f.governor == static_cast<int32_t>(w) ||
              (f.governor >= 0 && tree.head(static_cast<uint32_t>(f.governor)) == static_cast<int32_t>(w)));
    });
  };
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& candidate = candidates[i];
    const Arguments& args = arguments[i];
    const Framing& framing = framings[i];
    // A noun event with no actor and no place of its own is a mention in
    // passing ("après les manifestations"), not a report of it, unless a
    // support verb tells it ("rallies were held", "ont organisé une marche").
    if (candidate.pattern->pos != TriggerPos::kVerb && args.sources.empty() && args.targets.empty() &&
        args.place < 0 && !args.supported)
      continue;
    // An act asked for or demanded ("urged them to withdraw") is the content
    // of the appeal, which is the event; a verb of intent whose act is coded
    // ("pledged to withdraw") is that intent.
    if (framing.modality == Modality::kHypothetical && framing.governor >= 0 && is_trigger(framing.governor))
      continue;
    if (governs_intent(candidate.trigger)) continue;
    // "bombarded the city, killing ten people": the killing is the toll of
    // the violence it qualifies (its counts become that event's claims);
    // "dispersed a march, injuring dozens" is an assault besides.
    auto violent = [](const Candidate& x) { return x.pattern->code.substr(0, 2) >= "18"; };
    const int32_t above = tree.head(candidate.trigger);
    if (tree.rel(candidate.trigger) == "advcl" && above >= 0 && violent(candidate) &&
        c.Cue(c.cues.result, tree, candidate.trigger) &&
        std::any_of(candidates.begin(), candidates.end(),
                    [&](const Candidate& o) { return static_cast<int32_t>(o.trigger) == above && violent(o); }))
      continue;
    const uint32_t clause = args.clause >= 0 ? static_cast<uint32_t>(args.clause) : candidate.trigger;
    const Attribution attribution = FindAttribution(c, tree, clause);
    if (!framing.demanded_by_speaker) {
      AssembleEvents(c, tree, candidate, args, framing, attribution, doc);
      continue;
    }
    // "X said Y must ...": the speaker demands; the one who ought to act is
    // the target.
    Arguments demand = args;
    demand.targets = args.sources;
    demand.sources.clear();
    if (attribution.mention >= 0) demand.sources.push_back({attribution.mention, -1, "speaker"});
    AssembleEvents(c, tree, candidate, demand, framing, Attribution(), doc);
  }
}

// The hazards of a sentence: the hazard lexicon's patterns that hold, told
// as done or not by the same framing as events ("no tsunami warning",
// "could trigger floods"). A hazard has no actors, places or dates of its
// own here; it is one per trigger.
// Whether the event of the verb w is a hazard's toll: the hazard word h is
// its subject ("the leak killed ten") or the phrase it happened in ("were
// killed in a plane crash", "morts dans l'effondrement").
bool TollOf(const SentenceTree& tree, uint32_t h, uint32_t w) {
  if (tree.head(h) != static_cast<int32_t>(w)) return false;
  if (tree.base(h) == "nsubj") return true;
  if (tree.base(h) != "obl") return false;
  const std::string& p = tree.preposition(h);
  return p == "in" || p == "by" || p == "after" || p == "during" || p == "dans" || p == "lors" || p == "par";
}

void FindHazards(const CodeContext& c, const SentenceTree& tree, size_t first_event, Document& doc) {
  for (const Candidate& candidate : MatchSentence(c, tree)) {
    const Framing framing = FindFraming(c, tree, candidate, static_cast<int32_t>(candidate.trigger));
    const Token& trigger = tree.token(candidate.trigger);
    Hazard h;
    h.kind = candidate.pattern->code;
    h.sentence = tree.sentence();
    h.modality = framing.intended.empty() ? framing.modality : Modality::kHypothetical;
    h.trigger = {{trigger.begin, trigger.end}, candidate.pattern->where};
    doc.hazards.push_back(std::move(h));
    // The dead and hurt of a disaster were not attacked: an event with no
    // source whose verb the hazard is the subject or setting of is dropped.
    const int32_t head = tree.head(candidate.trigger);
    if (head < 0 || !TollOf(tree, candidate.trigger, static_cast<uint32_t>(head))) continue;
    const Token& verb = tree.token(static_cast<uint32_t>(head));
    auto toll = [&](const Event& e) {
      return e.source.empty() && e.trigger.span.begin == verb.begin && e.trigger.span.end == verb.end;
    };
    doc.events.erase(std::remove_if(doc.events.begin() + static_cast<std::ptrdiff_t>(first_event), doc.events.end(), toll),
                     doc.events.end());
  }
}

}  // namespace

// --- The loop ------------------------------------------------------------------

Status CodeStage::Process(Document& doc) {
  doc.events.clear();
  doc.hazards.clear();
  auto lexicon = knowledge_->lexicons.find(doc.language);
  auto hazards = knowledge_->hazards.find(doc.language);
  auto cues = knowledge_->cues.find(doc.language);
  if (lexicon == knowledge_->lexicons.end() || hazards == knowledge_->hazards.end() ||
      cues == knowledge_->cues.end()) {
    std::string have;
    for (const auto& [lang, l] : knowledge_->lexicons) have += (have.empty() ? "" : ", ") + lang;
    doc.not_coded = "the language '" + (doc.language.empty() ? std::string("unknown") : doc.language) +
                    "' has no event patterns (code/*.events.txt: " + have + "); give --lang to force one";
    return Status::Ok();
  }
  doc.not_coded.clear();
  DocumentIndex index(doc, cues->second);
  const CodeContext c{doc, *knowledge_, lexicon->second, cues->second, index, fold_};
  const CodeContext hazard_context{doc, *knowledge_, hazards->second, cues->second, index, fold_};
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const SentenceTree tree(doc, s, fold_, cues->second.report, cues->second.measure);
    if (tree.empty()) continue;
    const size_t first_event = doc.events.size();
    CodeSentence(c, tree, doc);
    FindHazards(hazard_context, tree, first_event, doc);
    AttachClaims(doc, s, first_event);
  }
  MergeArticleEvents(doc);
  RefineTypes(doc);
  return Status::Ok();
}

// The codebook's types for each code, then ACLED's by actors and weapon (the
// rules' words that each event's sentence holds, as a lemma or a form;
// marked when a rule that names words is first reached).
void CodeStage::RefineTypes(Document& doc) {
  const AcledRules& acled = knowledge_->acled;
  std::vector<bool> words;
  uint32_t words_of = UINT32_MAX;
  for (Event& e : doc.events) {
    knowledge_->codebook->Fill(&e);
    acled.Refine(&e, [&]() -> const std::vector<bool>& {
      if (e.sentence != words_of) {
        words.assign(acled.word_count(), false);
        const Sentence& s = doc.sentences[e.sentence];
        for (uint32_t t = s.first_token; t < s.first_token + s.token_count; ++t) {
          const std::string_view lemma = doc.Lemma(doc.tokens[t]), form = doc.Form(doc.tokens[t]);
          acled.MarkWord(fold_(lemma), &words);
          if (form != lemma) acled.MarkWord(fold_(form), &words);
        }
        words_of = e.sentence;
      }
      return words;
    });
  }
}

Result<std::unique_ptr<Stage>> MakeCodeStage(const Config& config, ResourceCache& cache) {
  return MakeStageWithKnowledge<CodeStage, CodeKnowledge>(config, cache, "code");
}

}  // namespace vigie
