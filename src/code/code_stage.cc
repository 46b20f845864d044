// Event coding; see code_stage.h.
#include "code/code_stage.h"

#include <algorithm>
#include <cstdio>

#include "base/calendar.h"
#include "base/utf8.h"

namespace vigie {

namespace {

constexpr uint32_t kMaxGap = 8;       // tokens a ".." may skip
constexpr uint32_t kCueWindow = 4;    // tokens before a trigger where negators and hedges count
constexpr int kBackgroundDays = 30;   // older than this before publication: background

bool IsBoundary(std::string_view form) {
  return form == "," || form == ";" || form == ":" || form == "«" || form == "»" || form == "\"" ||
         form == "(" || form == ")" || form == "“" || form == "”" || form == "—" || form == "–";
}

// A pattern matched at a trigger.
struct Binding {
  const EventPattern* pattern = nullptr;
  uint32_t trigger_first = 0, trigger_last = 0;
  uint32_t first = 0, last = 0;  // every token the match covers
  int32_t source = -1, target = -1, place = -1;  // mention, mention, place indices
  int32_t source_anaphor = -1, target_anaphor = -1;  // the pronoun token that named them
  bool passive = false;
};

}  // namespace

// The work on one document.
class Coder {
 public:
  Coder(CodeStage& stage, const CodeKnowledge& k, Document& doc) : stage_(stage), doc_(doc) {
    auto p = k.patterns.find(doc.language);
    auto c = k.cues.find(doc.language);
    if (p != k.patterns.end()) patterns_ = &p->second;
    if (c != k.cues.end()) cues_ = &c->second;
  }

  void Run() {
    if (patterns_ == nullptr || cues_ == nullptr) return;
    Index();
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) CodeSentence(s);
    Merge();
  }

 private:
  // --- Words --------------------------------------------------------------
  const std::string& Folded(std::string_view s) {
    auto it = stage_.fold_cache_.find(std::string(s));
    if (it == stage_.fold_cache_.end())
      it = stage_.fold_cache_.emplace(std::string(s), utf8::Fold(s)).first;
    return it->second;
  }
  // Folded lemma and form of a token, looked up once per document (the
  // cache's values do not move: pointers to them stay valid).
  const std::string& Lemma(uint32_t t) {
    if (lemma_.size() != doc_.tokens.size()) lemma_.assign(doc_.tokens.size(), nullptr);
    if (lemma_[t] == nullptr) lemma_[t] = &Folded(doc_.Lemma(doc_.tokens[t]));
    return *lemma_[t];
  }
  const std::string& Form(uint32_t t) {
    if (form_.size() != doc_.tokens.size()) form_.assign(doc_.tokens.size(), nullptr);
    if (form_[t] == nullptr) form_[t] = &Folded(doc_.Form(doc_.tokens[t]));
    return *form_[t];
  }
  // The words a token may stand for in a pattern: its lemma when a
  // dictionary gave it (a Snowball stem is no lemma: "protester" is not
  // "protest"), its form, and for an English word no dictionary knows, its
  // regular stems ("criticised" -> criticise, "expelled" -> expel).
  const std::vector<std::string>& TriggerKeys(uint32_t t) {
    if (keys_.size() != doc_.tokens.size()) keys_.assign(doc_.tokens.size(), {});
    std::vector<std::string>& keys = keys_[t];
    if (!keys.empty()) return keys;
    const LemmaSource source = doc_.tokens[t].lemma_source;
    const bool trusted = source == LemmaSource::kHunspell || source == LemmaSource::kLexicon;
    if (trusted) keys.push_back(Lemma(t));
    const std::string& f = Form(t);
    if (keys.empty() || keys[0] != f) keys.push_back(f);
    // (Hunspell lists some inflected forms as words of their own: "expelled".)
    if (doc_.language == "en" && (!trusted || Lemma(t) == f)) {
      for (std::string_view end : {"d", "ed", "s", "es", "ing"}) {
        if (f.size() <= end.size() + 2 || !f.ends_with(end)) continue;
        const std::string stem = f.substr(0, f.size() - end.size());
        keys.push_back(stem);
        if (end == "ing") keys.push_back(stem + "e");
        if ((end == "ed" || end == "ing") && stem.back() == stem[stem.size() - 2])
          keys.push_back(stem.substr(0, stem.size() - 1));
      }
    }
    return keys;
  }

  bool Is(uint32_t t, const std::vector<std::string>& words) {
    for (const std::string& key : TriggerKeys(t))
      for (const std::string& w : words)
        if (w == key) return true;
    return false;
  }

  bool IsCue(const std::unordered_set<std::string>& set, uint32_t t) {
    return set.count(Lemma(t)) != 0 || set.count(Form(t)) != 0;
  }
  // A two-word cue "a+b" at t, t+1.
  bool IsCuePair(const std::unordered_set<std::string>& set, uint32_t t) {
    if (t + 1 >= doc_.tokens.size()) return false;
    return set.count(Form(t) + "+" + Form(t + 1)) != 0 || set.count(Lemma(t) + "+" + Lemma(t + 1)) != 0;
  }
  bool Boundary(uint32_t t) { return IsBoundary(doc_.Form(doc_.tokens[t])); }

  // A past participle: French "tués", "assiégée"; English "-ed" followed by
  // a preposition or the end of the clause ("killed in", "wounded.").
  bool Participle(uint32_t t, uint32_t hi) {
    if (doc_.language == "fr") {
      const std::string lower = utf8::Lower(doc_.Form(doc_.tokens[t]));
      for (std::string_view end : {"é", "és", "ée", "ées", "i", "is", "ie", "ies", "u", "us", "ue", "ues"})
        if (lower.size() >= end.size() + 2 && lower.ends_with(end)) return true;
      return false;
    }
    // English "-ed" is also the simple past: only a counted noun phrase
    // before it ("12 soldiers killed in", "dozens of people wounded")
    // makes it a participle.
    if (!Form(t).ends_with("ed")) return false;
    if (!(t == hi || Boundary(t + 1) || doc_.tokens[t + 1].pos == Pos::kAdp)) return false;
    for (uint32_t u = t; u > 0 && u + 5 > t; --u)
      if (doc_.tokens[u - 1].kind == TokenKind::kNumber || Form(u - 1) == "dozens" ||
          Form(u - 1) == "hundreds")
        return true;
    return false;
  }

  // The infinitive: French -er, -ir, -re; English, the bare form.
  bool Infinitive(uint32_t t) {
    const std::string& f = Form(t);
    if (doc_.language == "fr") return f.ends_with("er") || f.ends_with("ir") || f.ends_with("re");
    return f == Lemma(t) || doc_.tokens[t].lemma_source == LemmaSource::kStemmer;
  }

  // Tokens of a comitative phrase: from "avec"/"with" to the end of the
  // first actor named within six tokens after it.
  bool Comitative(uint32_t t) const { return comitative_[t] != 0; }

  // --- Indexes of mentions and places by token ------------------------------
  void Index() {
    const size_t n = doc_.tokens.size();
    mention_begin_.assign(n, -1);
    mention_end_.assign(n, -1);
    place_begin_.assign(n, -1);
    place_end_.assign(n, -1);
    for (size_t i = 0; i < doc_.mentions.size(); ++i) {
      const Mention& m = doc_.mentions[i];
      if (m.token_count == 0) continue;
      mention_begin_[m.first_token] = static_cast<int32_t>(i);
      mention_end_[m.first_token + m.token_count - 1] = static_cast<int32_t>(i);
    }
    for (size_t i = 0; i < doc_.places.size(); ++i) {
      const Place& p = doc_.places[i];
      if (p.token_count == 0) continue;
      place_begin_[p.first_token] = static_cast<int32_t>(i);
      place_end_[p.first_token + p.token_count - 1] = static_cast<int32_t>(i);
    }
    comitative_.assign(n, 0);
    for (uint32_t t = 0; t < n; ++t) {
      if (!IsCue(cues_->comitative, t)) continue;
      for (uint32_t u = t + 1; u < n && u <= t + 6 && doc_.tokens[u].sentence == doc_.tokens[t].sentence; ++u) {
        if (mention_begin_[u] < 0) continue;
        const Mention& m = doc_.mentions[mention_begin_[u]];
        for (uint32_t v = t; v < m.first_token + m.token_count; ++v) comitative_[v] = 1;
        break;
      }
    }
  }

  // A country named as a place ("en Syrie", "in Syria") is no actor, nor
  // antecedent.
  bool IsPlaceName(int32_t mention) {
    const Mention& m = doc_.mentions[mention];
    if (m.kind != MentionKind::kState || place_begin_[m.first_token] < 0) return false;
    uint32_t t = m.first_token;
    if (t > 0 && doc_.tokens[t - 1].pos == Pos::kDet) --t;
    return t > 0 && IsCue(cues_->locative, t - 1);
  }

  // The last actor named before token t that a pronoun or "le groupe" can
  // stand for: a group for a group noun, any actor otherwise; never a
  // speaker, never a country named as a place.
  int32_t Antecedent(uint32_t t, bool group_only) {
    for (int32_t i = static_cast<int32_t>(doc_.mentions.size()) - 1; i >= 0; --i) {
      const Mention& m = doc_.mentions[i];
      if (m.first_token + m.token_count > t) continue;
      if (speakers_.count(i) != 0 || IsPlaceName(i)) continue;
      if (m.kind == MentionKind::kOrganisation && m.sector == "MED") continue;
      if (group_only && m.kind != MentionKind::kGroup) continue;
      return i;
    }
    return -1;
  }

  // An actor at t: a mention that begins (forward) or ends (backward) there,
  // or an anaphor. Returns the mention index, the token past it and, for an
  // anaphor, its token (else -1).
  bool ActorAt(uint32_t t, bool forward, int32_t* mention, uint32_t* next, int32_t* anaphor) {
    *anaphor = -1;
    int32_t m = forward ? mention_begin_[t] : mention_end_[t];
    if (m >= 0 && speakers_.count(m) == 0 && !IsPlaceName(m)) {
      *mention = m;
      const Mention& mm = doc_.mentions[m];
      *next = forward ? mm.first_token + mm.token_count : mm.first_token;
      return true;
    }
    const Token& tok = doc_.tokens[t];
    if (IsCue(cues_->anaphor, t) && (tok.pos == Pos::kPron || tok.pos == Pos::kNoun)) {
      const bool noun = tok.pos == Pos::kNoun;
      // "le groupe": the determiner is part of it.
      if (noun && (t == 0 || doc_.tokens[t - 1].pos != Pos::kDet)) return false;
      int32_t a = Antecedent(t, noun);
      if (a < 0) return false;
      *mention = a;
      *anaphor = static_cast<int32_t>(t);
      *next = forward ? t + 1 : (noun ? t - 1 : t);
      return true;
    }
    return false;
  }

  bool InMention(uint32_t t) const {
    for (const Mention& m : doc_.mentions)
      if (t >= m.first_token && t < m.first_token + m.token_count) return true;
    return false;
  }

  bool PlaceAt(uint32_t t, bool forward, int32_t* place, uint32_t* next) {
    int32_t p = forward ? place_begin_[t] : place_end_[t];
    if (p < 0) return false;
    *place = p;
    const Place& pp = doc_.places[p];
    *next = forward ? pp.first_token + pp.token_count : pp.first_token;
    return true;
  }

  // --- Matching -----------------------------------------------------------
  // Matches one side's elements from token `from`, walking forward or
  // backward inside [lo, hi]; fills b. False when a required element is missing.
  // With slots_optional, a missing actor slot is no failure (the subject of
  // a passive may be elsewhere), but every word must still be there.
  bool MatchSide(const std::vector<PatternElement>& elements, int64_t from, bool forward,
                 uint32_t lo, uint32_t hi, Binding* b, bool slots_optional = false) {
    int64_t pos = from;
    uint32_t gap = 0;
    for (const PatternElement& e : elements) {
      if (e.kind == PatternElement::Kind::kGap) {
        gap = kMaxGap;
        continue;
      }
      bool found = false;
      // A slot's mention leaves out its article: "sur les rebelles".
      if (forward && e.kind != PatternElement::Kind::kWord)
        while (pos < hi && doc_.tokens[pos].pos == Pos::kDet && mention_begin_[pos] < 0 &&
               place_begin_[pos] < 0)
          ++pos;
      // Walking left, a comitative phrase ("avec un soutien actif de
      // l'armée de l'Air russe") is stepped over: it neither fills a slot nor
      // counts in the gap.
      int64_t p = pos;
      for (uint32_t skip = 0; skip <= gap; ++skip, p += forward ? 1 : -1) {
        while (!forward && p >= lo && p <= hi && Comitative(static_cast<uint32_t>(p))) --p;
        if (p < lo || p > hi) break;
        const uint32_t t = static_cast<uint32_t>(p);
        // A gap does not leave the clause.
        if (skip > 0 && Boundary(forward ? t - 1 : t + 1)) break;
        uint32_t next = 0;
        int32_t m = -1, pl = -1, anaphor = -1;
        bool ok = false;
        switch (e.kind) {
          case PatternElement::Kind::kWord:
            ok = Is(t, e.words);
            next = forward ? t + 1 : t;  // backward: the first token it covers
            break;
          case PatternElement::Kind::kSource:
            ok = ActorAt(t, forward, &m, &next, &anaphor);
            if (ok) {
              b->source = m;
              b->source_anaphor = anaphor;
            }
            break;
          case PatternElement::Kind::kTarget:
            ok = ActorAt(t, forward, &m, &next, &anaphor);
            if (ok) {
              b->target = m;
              b->target_anaphor = anaphor;
            }
            break;
          case PatternElement::Kind::kPlace:
            ok = PlaceAt(t, forward, &pl, &next);
            if (ok) b->place = pl;
            break;
          case PatternElement::Kind::kTargetOrPlace: {
            uint32_t n1 = 0, n2 = 0;
            const bool actor = ActorAt(t, forward, &m, &n1, &anaphor);
            const bool place = PlaceAt(t, forward, &pl, &n2);
            ok = actor || place;
            if (actor) {
              b->target = m;
              b->target_anaphor = anaphor;
            }
            if (place) b->place = pl;
            next = forward ? std::max(actor ? n1 : 0, place ? n2 : 0)
                           : std::min(actor ? n1 : UINT32_MAX, place ? n2 : UINT32_MAX);
            break;
          }
          case PatternElement::Kind::kGap: break;
        }
        if (!ok) continue;
        found = true;
        if (forward) {
          b->last = std::max(b->last, next - 1);
          pos = next;
        } else {
          b->first = std::min(b->first, next);
          pos = static_cast<int64_t>(next) - 1;
        }
        break;
      }
      gap = 0;
      if (!found && !e.optional && !(slots_optional && e.kind != PatternElement::Kind::kWord))
        return false;
    }
    return true;
  }

  // Tries pattern p with its trigger at token t.
  bool Match(const EventPattern& p, uint32_t t, uint32_t lo, uint32_t hi, Binding* b) {
    *b = Binding();
    b->pattern = &p;
    uint32_t end = t;
    for (size_t k = 0; k < p.trigger.size(); ++k, ++end)
      if (end > hi || !Is(end, p.trigger[k])) return false;
    b->trigger_first = b->first = t;
    b->trigger_last = b->last = end - 1;
    // A verb's trigger is no noun: "an ambush", "l'attaque", "la menace".
    const Token& tok = doc_.tokens[t];
    if (!p.nominal && t > lo &&
        (doc_.tokens[t - 1].pos == Pos::kDet ||
         (tok.pos == Pos::kNoun && (tok.pos_mask & PosBit(Pos::kVerb)) == 0)))
      return false;
    int64_t left_from = static_cast<int64_t>(t) - 1;
    if (p.reflexive) {
      bool found = false;
      // "se sont retirés", "s'étaient de nouveau emparés".
      for (uint32_t back = 1; back <= 5 && t >= lo + back; ++back) {
        const uint32_t u = t - back;
        if (Boundary(u)) break;
        if (Lemma(u) == "se" || Form(u) == "s'" || Form(u) == "se") {
          found = true;
          left_from = static_cast<int64_t>(u) - 1;
          break;
        }
      }
      if (!found) return false;
    } else if (!p.nominal) {
      // The passive: "ont été bombardés", "were killed" — an auxiliary of
      // the passive right before the participle; or a participle right
      // after its noun, with no auxiliary: "300 membres de Daesh tués",
      // "12 soldiers killed in".
      for (uint32_t back = 1; back <= 2 && t >= lo + back; ++back) {
        const uint32_t u = t - back;
        if (IsCue(cues_->passive, u)) {
          b->passive = true;
          break;
        }
        if (doc_.tokens[u].pos != Pos::kAdv) break;
      }
      if (!b->passive && t > lo && Participle(t, hi)) {
        const Token& before = doc_.tokens[t - 1];
        if (mention_end_[t - 1] >= 0 || before.pos == Pos::kNoun || before.pos == Pos::kPropn)
          b->passive = true;
      }
    }
    if (!b->passive) {
      if (!MatchSide(p.left, left_from, false, lo, hi, b)) return false;
      if (!MatchSide(p.right, end, true, lo, hi, b)) return false;
      return true;
    }
    // Passive: the subject on the left is the target; the agent after
    // "par"/"by" is the source; what the pattern wants after the verb is
    // mostly the target, now the subject, so only its place slot is kept.
    Binding active = *b;
    if (!MatchSide(p.left, left_from, false, lo, hi, &active, /*slots_optional=*/true)) return false;
    b->first = active.first;
    b->target = active.source;
    b->target_anaphor = active.source_anaphor;
    for (uint32_t u = end; u <= hi && u < end + kMaxGap; ++u) {
      if (Boundary(u)) break;
      if (IsCue(cues_->agent, u) && u + 1 <= hi) {
        int32_t m = -1;
        uint32_t next = 0;
        int32_t anaphor = -1;
        for (uint32_t v = u + 1; v <= hi && v <= u + 3; ++v)
          if (ActorAt(v, true, &m, &next, &anaphor)) {
            b->source = m;
            b->source_anaphor = anaphor;
            b->last = std::max(b->last, next - 1);
            break;
          }
        break;
      }
      int32_t pl = -1;
      uint32_t next = 0;
      if (b->place < 0 && PlaceAt(u, true, &pl, &next)) b->place = pl;
    }
    return true;
  }

  // --- One sentence -----------------------------------------------------------
  void CodeSentence(uint32_t s) {
    const Sentence& sentence = doc_.sentences[s];
    if (sentence.token_count == 0) return;
    const uint32_t lo = sentence.first_token, hi = lo + sentence.token_count - 1;
    FindSpeaker(lo, hi);
    std::vector<Binding> found;
    for (uint32_t t = lo; t <= hi; ++t) {
      if (doc_.tokens[t].kind != TokenKind::kWord) continue;
      Binding best;
      auto consider = [&](const std::vector<uint32_t>* list) {
        if (list == nullptr) return;
        for (uint32_t pi : *list) {
          const EventPattern& p = patterns_->pattern(pi);
          if (best.pattern != nullptr && best.pattern->specificity >= p.specificity) continue;
          Binding b;
          if (Match(p, t, lo, hi, &b)) best = b;
        }
      };
      for (const std::string& key : TriggerKeys(t)) consider(patterns_->Triggered(key));
      if (best.pattern != nullptr) found.push_back(best);
    }
    // A noun trigger inside a verb's match is the same event ("ont mené
    // plus de 60 raids"): the verb's match keeps it.
    std::vector<const Binding*> kept;
    for (const Binding& b : found) {
      bool inside = false;
      for (const Binding& o : found)
        if (&o != &b && b.pattern->nominal && !o.pattern->nominal && b.trigger_first >= o.first &&
            b.trigger_last <= o.last)
          inside = true;
      if (!inside) kept.push_back(&b);
    }
    const size_t first_event = doc_.events.size();
    for (const Binding* b : kept) Emit(*b, s, lo, hi, first_event);
    AttachClaims(lo, hi, first_event);
  }

  // The speaker of a sentence: "selon X", the actor after an inverted
  // reporting verb or before it; a pronoun or "le communiqué" after a
  // reporting verb means the last speaker.
  void FindSpeaker(uint32_t lo, uint32_t hi) {
    speaker_text_.clear();
    speaker_evidence_ = Evidence();
    for (uint32_t t = lo; t <= hi; ++t) {
      const bool according = IsCue(cues_->according, t);
      const bool according_pair = IsCuePair(cues_->according, t);
      if (according || according_pair) {
        const uint32_t from = t + (according_pair ? 2 : 1);
        for (uint32_t u = from; u <= hi && u <= t + 4 && !Boundary(u); ++u)
          if (mention_begin_[u] >= 0) {
            SetSpeaker(mention_begin_[u], t);
            return;
          }
        // "selon des témoins", "according to the Observatory": the noun
        // phrase itself, up to the clause's end.
        uint32_t end = from;
        while (end <= hi && !Boundary(end) && end < from + 6) ++end;
        if (end > from) {
          speaker_text_ = std::string(doc_.Slice({doc_.tokens[from].begin, doc_.tokens[end - 1].end}));
          speaker_evidence_ = {{doc_.tokens[from].begin, doc_.tokens[end - 1].end},
                               "speaker by \"" + std::string(doc_.Form(doc_.tokens[t])) + "\""};
          return;
        }
      }
    }
    for (uint32_t t = lo; t <= hi; ++t) {
      const Pos pos = doc_.tokens[t].pos;
      if (!IsCue(cues_->report, t) || pos == Pos::kNoun || pos == Pos::kPropn || InMention(t)) continue;
      // "s'est dit prêt à": a reflexive verb reports nothing.
      bool reflexive = false;
      for (uint32_t u = t; u > lo && u + 3 > t; --u)
        if (Form(u - 1) == "s'" || Form(u - 1) == "se") reflexive = true;
      if (reflexive) continue;
      // Inverted: "a rapporté dimanche l'OSDH", "a-t-il précisé".
      for (uint32_t u = t + 1; u <= hi && u <= t + 4; ++u) {
        if (Boundary(u)) break;
        if (mention_begin_[u] >= 0) {
          SetSpeaker(mention_begin_[u], t);
          return;
        }
        if (doc_.tokens[u].pos == Pos::kPron && last_speaker_ >= 0) {
          SetSpeaker(last_speaker_, t);
          return;
        }
        // "a indiqué un porte-parole": a noun phrase no dictionary names.
        if (u + 1 <= hi && mention_begin_[u + 1] >= 0) {  // "l'Observatoire ..."
          SetSpeaker(mention_begin_[u + 1], t);
          return;
        }
        if (doc_.tokens[u].pos == Pos::kDet && u + 1 <= hi && doc_.tokens[u + 1].pos == Pos::kNoun) {
          uint32_t end = u + 2;
          while (end <= hi && !Boundary(end) && end < u + 6 && doc_.tokens[end].kind == TokenKind::kWord) ++end;
          speaker_text_ = std::string(doc_.Slice({doc_.tokens[u].begin, doc_.tokens[end - 1].end}));
          speaker_evidence_ = {{doc_.tokens[u].begin, doc_.tokens[end - 1].end},
                               "speaker by \"" + std::string(doc_.Form(doc_.tokens[t])) + "\""};
          return;
        }
      }
      // "X a déclaré": the nearest actor before.
      for (uint32_t u = t; u > lo && u + 6 > t; --u) {
        if (Boundary(u - 1)) break;
        if (mention_end_[u - 1] >= 0) {
          SetSpeaker(mention_end_[u - 1], t);
          return;
        }
      }
      // "..., the Observatory said", "des témoins ont affirmé": the noun
      // phrase right before the verb (past its auxiliaries).
      if (SpeakerPhraseBefore(t, lo)) return;
      if (last_speaker_ >= 0) {
        SetSpeaker(last_speaker_, t);
        return;
      }
    }
  }

  bool SpeakerPhraseBefore(uint32_t t, uint32_t lo) {
    uint32_t end = t;
    while (end > lo && doc_.tokens[end - 1].pos == Pos::kAux) --end;
    uint32_t begin = end;
    while (begin > lo && !Boundary(begin - 1) && doc_.tokens[begin - 1].kind == TokenKind::kWord &&
           end - begin < 5) {
      const Pos pos = doc_.tokens[begin - 1].pos;
      if (pos == Pos::kDet) {
        --begin;
        break;
      }
      if (pos != Pos::kNoun && pos != Pos::kPropn && pos != Pos::kAdj && pos != Pos::kX) break;
      --begin;
    }
    // A phrase of words only, opening its clause, with a noun in it.
    if (begin == end || (begin > lo && !Boundary(begin - 1))) return false;
    const Span span{doc_.tokens[begin].begin, doc_.tokens[end - 1].end};
    speaker_text_ = std::string(doc_.Slice(span));
    speaker_evidence_ = {span, "speaker by \"" + std::string(doc_.Form(doc_.tokens[t])) + "\""};
    return true;
  }

  void SetSpeaker(int32_t mention, uint32_t cue) {
    last_speaker_ = mention;
    speaker_text_ = std::string(doc_.Slice(doc_.mentions[mention].span));
    speakers_.insert(mention);
    const Mention& m = doc_.mentions[mention];
    speaker_evidence_ = {m.span, "speaker by \"" + std::string(doc_.Form(doc_.tokens[cue])) + "\""};
  }

  EventActor Actor(int32_t mention, const std::string& slot, int32_t anaphor) {
    EventActor a;
    if (mention < 0) return a;
    const Mention& m = doc_.mentions[mention];
    a.mention = mention;
    a.text = std::string(doc_.Slice(m.span));
    a.country = m.country;
    a.sector = m.sector;
    if (m.kind == MentionKind::kGroup || m.kind == MentionKind::kOrganisation) a.group = m.id;
    a.evidence = {m.span, slot};
    if (anaphor >= 0) {
      const Token& t = doc_.tokens[anaphor];
      a.evidence.rule += " (anaphor \"" + std::string(doc_.Form(t)) + "\")";
      a.evidence.span = {t.begin, t.end};
    }
    // "les djihadistes" in a story about one armed group: that group.
    if (m.kind == MentionKind::kSector && m.sector == "REB" && m.country.empty() &&
        IsCue(cues_->member, m.first_token + m.token_count - 1)) {
      int32_t g = Antecedent(m.first_token, true);
      if (g >= 0) {
        a.group = doc_.mentions[g].id;
        a.sector.clear();
        a.evidence.rule += " + context:last-group " + a.group;
      }
    }
    return a;
  }

  // The clause of token t: between boundaries and relative pronouns.
  std::pair<uint32_t, uint32_t> Clause(uint32_t t, uint32_t lo, uint32_t hi) {
    uint32_t a = t, b = t;
    while (a > lo && !Boundary(a - 1) && !IsCue(cues_->time_bound, a - 1)) --a;
    while (b < hi && !Boundary(b + 1) && !IsCue(cues_->time_bound, b + 1)) ++b;
    return {a, b};
  }

  void Emit(const Binding& b, uint32_t s, uint32_t lo, uint32_t hi, size_t first_event) {
    Event e;
    const EventPattern& p = *b.pattern;
    e.cameo = p.code;
    e.sentence = s;
    e.trigger = {{doc_.tokens[b.trigger_first].begin, doc_.tokens[b.trigger_last].end},
                 p.where + (b.passive ? " (passive)" : "")};
    int32_t source = b.source, target = b.target;
    int32_t source_anaphor = b.source_anaphor, target_anaphor = b.target_anaphor;
    // "... et en avait été chassé": a verb with no subject shares the
    // subject of the verb it is coordinated with.
    const bool subjectless = b.passive ? target < 0 : source < 0;
    if (subjectless && !p.nominal) {
      for (size_t i = doc_.events.size(); i > first_event; --i) {
        const Event& prev = doc_.events[i - 1];
        bool coordinated = false;
        for (uint32_t u = lo; u < b.trigger_first; ++u)
          if (doc_.tokens[u].begin >= prev.trigger.span.end && (Form(u) == "et" || Form(u) == "and"))
            coordinated = true;
        if (!coordinated || prev.source.mention < 0) continue;
        (b.passive ? target : source) = prev.source.mention;
        (b.passive ? target_anaphor : source_anaphor) = -1;
        break;
      }
    }
    e.source = Actor(source, p.where + (b.passive ? " agent" : " SRC"), source_anaphor);
    e.target = Actor(target, p.where + (b.passive ? " subject" : " TGT"), target_anaphor);

    // Modality.
    const auto [clause_lo, clause_hi] = Clause(b.trigger_first, lo, hi);
    const uint32_t window_lo = b.trigger_first > lo + kCueWindow ? b.trigger_first - kCueWindow : lo;
    bool negated = false, hedged = false;
    for (uint32_t u = std::max(window_lo, clause_lo); u <= std::min(b.trigger_last + 2, hi); ++u) {
      if (u >= b.trigger_first && u <= b.trigger_last) continue;
      if (IsCue(cues_->negator, u)) negated = true;
      if (u < b.trigger_first && IsCue(cues_->hedge, u)) hedged = true;
    }
    for (uint32_t u = lo; u < b.trigger_first; ++u)
      if (IsCue(cues_->denial, u)) negated = true;
    // "menace de bombarder", "to stop fighting": an infinitive is no deed
    // (but "a démenti avoir bombardé" stays a denial).
    if (!negated && Infinitive(b.trigger_first)) {
      for (uint32_t back = 1; back <= 2 && b.trigger_first >= lo + back; ++back) {
        const uint32_t u = b.trigger_first - back;
        const Pos pos = doc_.tokens[u].pos;
        if (IsCue(cues_->infinitive, u) && pos != Pos::kAux && pos != Pos::kVerb) {
          hedged = true;
          break;
        }
      }
    }
    e.modality = negated ? Modality::kNegated
                 : hedged ? Modality::kHypothetical
                 : !speaker_text_.empty() ? Modality::kReported
                                          : Modality::kAsserted;
    if (!speaker_text_.empty()) {
      e.claimed_by = speaker_text_;
      e.speaker_evidence = speaker_evidence_;
    }

    // Place.
    e.place = b.place;
    if (e.place >= 0) e.place_evidence = {doc_.places[e.place].span, p.where + " LOC"};
    if (e.place < 0) e.place = NearestPlace(b.trigger_first, clause_lo, clause_hi, lo, hi, &e.place_evidence);

    // Date.
    Date(b, clause_lo, clause_hi, lo, hi, &e);

    double confidence = 0.5;
    if (!e.source.empty()) confidence += 0.15;
    if (!e.target.empty()) confidence += 0.1;
    if (e.place >= 0) confidence += 0.1;
    if (e.time >= 0) confidence += 0.1;
    e.confidence = std::min(confidence, 0.95);
    doc_.events.push_back(std::move(e));
  }

  // "BRUSSELS (Reuters) -", "BEYROUTH (AFP) -": a town in capitals that
  // opens its paragraph is where the story was filed, not where it happened.
  bool Dateline(const Place& p) const {
    const Token& t = doc_.tokens[p.first_token];
    if ((t.flags & token_flags::kAllCaps) == 0) return false;
    const Sentence& s = doc_.sentences[t.sentence];
    return p.first_token == s.first_token &&
           doc_.paragraphs[s.paragraph].first_sentence == t.sentence;
  }

  int32_t NearestPlace(uint32_t t, uint32_t clause_lo, uint32_t clause_hi, uint32_t lo, uint32_t hi,
                       Evidence* evidence) {
    auto search = [&](uint32_t a, uint32_t b, bool points_only) {
      int32_t best = -1;
      uint32_t best_distance = UINT32_MAX;
      for (size_t i = 0; i < doc_.places.size(); ++i) {
        const Place& p = doc_.places[i];
        if (p.first_token < a || p.first_token > b || Dateline(p)) continue;
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
    for (int32_t i = static_cast<int32_t>(doc_.places.size()) - 1; i >= 0; --i) {
      const Place& p = doc_.places[i];
      if (p.first_token < lo && p.precision != PlacePrecision::kCountry && !Dateline(p)) {
        *evidence = {p.span, "last town named before"};
        return i;
      }
    }
    int32_t country = search(lo, hi, false);
    if (country >= 0) *evidence = {doc_.places[country].span, "country of the sentence"};
    return country;
  }

  void Date(const Binding& b, uint32_t clause_lo, uint32_t clause_hi, uint32_t lo, uint32_t hi,
            Event* e) {
    // A date right after a reporting verb dates the report ("a annoncé
    // dimanche"), not the event.
    auto report_date = [&](const TimeExpr& x) {
      for (uint32_t u = x.first_token; u > lo && u + 3 > x.first_token; --u)
        if (IsCue(cues_->report, u - 1)) return true;
      return false;
    };
    int32_t chosen = -1;
    const char* why = "";
    for (int pass = 0; pass < 2 && chosen < 0; ++pass) {
      uint32_t best_distance = UINT32_MAX;
      for (size_t i = 0; i < doc_.times.size(); ++i) {
        const TimeExpr& x = doc_.times[i];
        const uint32_t a = pass == 0 ? clause_lo : lo, z = pass == 0 ? clause_hi : hi;
        if (x.first_token < a || x.first_token > z || report_date(x)) continue;
        // Beyond the clause, a date of a relative clause belongs to it.
        if (pass == 1 && Clause(x.first_token, lo, hi).first != lo &&
            IsCue(cues_->time_bound, Clause(x.first_token, lo, hi).first - 1))
          continue;
        const uint32_t d = x.first_token > b.trigger_first ? x.first_token - b.trigger_first
                                                           : b.trigger_first - x.first_token;
        if (d < best_distance) {
          best_distance = d;
          chosen = static_cast<int32_t>(i);
          why = pass == 0 ? "date of the clause" : "date of the sentence";
        }
      }
    }
    const auto published = calendar::ParseIso(doc_.published);
    if (chosen >= 0) {
      const TimeExpr& x = doc_.times[chosen];
      e->time = chosen;
      e->earliest = x.earliest;
      e->latest = x.latest;
      e->date_evidence = {x.span, why};
    } else if (published) {
      e->earliest = calendar::FormatIso(*published - 1);
      e->latest = doc_.published;
      e->date_evidence = {{0, 0}, "no date in the sentence: the day before publication to publication"};
    }
    const auto latest = calendar::ParseIso(e->latest);
    e->background = published && latest && *latest < *published - kBackgroundDays;
  }

  // Quantities of the sentence become claims of its nearest event.
  void AttachClaims(uint32_t lo, uint32_t hi, size_t first_event) {
    if (doc_.events.size() == first_event) return;
    for (size_t qi = 0; qi < doc_.quantities.size(); ++qi) {
      const Quantity& q = doc_.quantities[qi];
      if (q.first_token < lo || q.first_token > hi || q.kind.empty()) continue;
      Event* nearest = nullptr;
      uint32_t best = UINT32_MAX;
      for (size_t i = first_event; i < doc_.events.size(); ++i) {
        Event& e = doc_.events[i];
        if (e.modality == Modality::kNegated) continue;
        const uint32_t trigger = e.trigger.span.begin, at = doc_.tokens[q.first_token].begin;
        const uint32_t d = trigger > at ? trigger - at : at - trigger;
        if (d < best) {
          best = d;
          nearest = &e;
        }
      }
      if (nearest == nullptr) continue;
      Claim c;
      c.quantity = q.kind;
      if ((q.kind == "tanks" || q.kind == "vehicles") && Destroyed(q.first_token, lo))
        c.quantity += "_destroyed";
      c.value = q.value;
      c.has_value = q.qualifier != Qualifier::kManyUnquantified;
      c.qualifier = q.qualifier;
      c.claimed_by = nearest->claimed_by;
      c.quantity_index = static_cast<int32_t>(qi);
      c.evidence = {q.span, q.evidence.rule};
      nearest->claims.push_back(std::move(c));
    }
  }

  // "détruit 11 chars et 31 véhicules": a destroying verb before the count.
  bool Destroyed(uint32_t t, uint32_t lo) {
    for (uint32_t u = t; u > lo && u + 8 > t; --u)
      if (Lemma(u - 1) == "detruire" || Lemma(u - 1) == "destroy") return true;
    return false;
  }

  // --- One article: the same event told several times is one event -----------
  static bool SameActor(const EventActor& a, const EventActor& b) {
    if (a.empty() || b.empty()) return true;
    if (!a.group.empty() || !b.group.empty()) return a.group == b.group;
    return a.country == b.country && (a.sector.empty() || b.sector.empty() || a.sector == b.sector);
  }

  // A killing with no agent ("300 membres de Daesh tués"), told in a story
  // of fighting, is the toll of that fighting.
  static bool TollOfFighting(const Event& kill, const Event& fight) {
    return kill.cameo == "1823" && kill.source.empty() &&
           (fight.cameo.starts_with("19") || fight.cameo.starts_with("20"));
  }

  bool Compatible(const Event& a, const Event& b) const {
    // The same code, or one a more precise form of the other.
    const bool same_code = a.cameo.starts_with(b.cameo) || b.cameo.starts_with(a.cameo);
    if (!same_code && !TollOfFighting(b, a)) return false;
    if ((a.modality == Modality::kNegated) != (b.modality == Modality::kNegated)) return false;
    if (a.background != b.background) return false;
    if (!SameActor(a.source, b.source) || !SameActor(a.target, b.target)) return false;
    if (a.place >= 0 && b.place >= 0) {
      const Place& p = doc_.places[a.place];
      const Place& q = doc_.places[b.place];
      if (p.geonames_id != q.geonames_id || p.code != q.code) return false;
    }
    if (!a.earliest.empty() && !b.earliest.empty() &&
        (a.latest < b.earliest || b.latest < a.earliest))
      return false;
    return true;
  }

  void Merge() {
    std::vector<Event> merged;
    for (Event& e : doc_.events) {
      Event* into = nullptr;
      for (Event& m : merged)
        if (Compatible(m, e)) {
          into = &m;
          break;
        }
      if (into == nullptr) {
        merged.push_back(std::move(e));
        continue;
      }
      // The fuller actor of the two: "l'aviation russe" over "russes".
      auto fuller = [](EventActor& a, EventActor& b) {
        if (a.empty() || (a.group.empty() && a.sector.empty() && (!b.sector.empty() || !b.group.empty())))
          a = b;
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
      if (into->time < 0 && e.time >= 0) {
        into->time = e.time;
        into->earliest = e.earliest;
        into->latest = e.latest;
        into->date_evidence = e.date_evidence;
      }
      // The most precise code of the two (a toll keeps the fighting's).
      if (e.cameo.size() > into->cameo.size() && e.cameo.starts_with(into->cameo)) into->cameo = e.cameo;
      // The same claim by the same speaker, told twice, is one claim.
      for (Claim& c : e.claims) {
        bool known = false;
        for (const Claim& k : into->claims)
          known = known || (k.quantity == c.quantity && k.value == c.value &&
                            k.qualifier == c.qualifier && k.claimed_by == c.claimed_by);
        if (!known) into->claims.push_back(std::move(c));
      }
      into->confidence = std::min(0.95, std::max(into->confidence, e.confidence) + 0.05);
    }
    doc_.events = std::move(merged);
  }

  CodeStage& stage_;
  Document& doc_;
  const PatternSet* patterns_ = nullptr;
  const CodeCues* cues_ = nullptr;
  std::vector<int32_t> mention_begin_, mention_end_, place_begin_, place_end_;
  std::vector<uint8_t> comitative_;
  std::vector<std::vector<std::string>> keys_;  // per token, on demand
  std::vector<const std::string*> lemma_, form_;
  std::unordered_set<int32_t> speakers_;
  int32_t last_speaker_ = -1;  // the mention that spoke last, for "a-t-il précisé"
  std::string speaker_text_;  // who says the sentence, as written
  Evidence speaker_evidence_;
};

Result<std::shared_ptr<const CodeKnowledge>> CodeKnowledge::Make(const DataSource& read) {
  auto k = std::make_shared<CodeKnowledge>();
  auto codebook = Codebook::Build(read);
  if (!codebook.ok()) return codebook.status();
  k->codebook = *codebook;
  for (const char* lang : {"fr", "en"}) {
    auto set = PatternSet::Read(read, std::string("code/") + lang + ".patterns.txt");
    if (!set.ok()) return set.status();
    // Every pattern's code must be in the codebook.
    for (size_t i = 0; i < set->size(); ++i)
      if (k->codebook->Find(set->pattern(i).code) == nullptr)
        return Status(ErrorCode::kBadDataFile, set->pattern(i).where + ": CAMEO code " +
                                                   set->pattern(i).code + " is not in code/cameo.txt");
    k->patterns.emplace(lang, std::move(*set));
  }
  auto cues = ReadCues<CodeCues>(
      read, "code/cues.txt",
      {{"report", &CodeCues::report}, {"according", &CodeCues::according},
       {"negator", &CodeCues::negator}, {"denial", &CodeCues::denial},
       {"hedge", &CodeCues::hedge}, {"anaphor", &CodeCues::anaphor},
       {"passive", &CodeCues::passive}, {"agent", &CodeCues::agent},
       {"time_bound", &CodeCues::time_bound}, {"member", &CodeCues::member},
       {"locative", &CodeCues::locative}, {"infinitive", &CodeCues::infinitive},
       {"comitative", &CodeCues::comitative}});
  if (!cues.ok()) return cues.status();
  k->cues = std::move(*cues);
  return std::shared_ptr<const CodeKnowledge>(std::move(k));
}

Result<std::shared_ptr<const CodeKnowledge>> CodeKnowledge::Load(const std::string& data_dir) {
  return Make(DataDirectory(data_dir));
}

Status CodeStage::Process(Document& doc) {
  doc.events.clear();
  Coder(*this, *knowledge_, doc).Run();
  for (Event& e : doc.events) knowledge_->codebook->Fill(&e);
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> MakeCodeStage(const Config& config, ResourceCache& cache) {
  return MakeStageWithKnowledge<CodeStage, CodeKnowledge>(config, cache, "code");
}

}  // namespace vigie
