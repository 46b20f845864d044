// The coder's view of a dependency tree; see tree.h.
#include "code/tree.h"

#include <algorithm>

#include "base/utf8.h"

namespace vigie {

namespace {
const std::string kNone;

bool ClauseRelation(std::string_view rel) {
  return rel == "acl:relcl" || rel == "advcl" || rel == "ccomp" || rel == "parataxis" ||
         rel == "csubj" || rel == "conj" || rel == "cc" || rel == "punct";
}

// "d'", "qu'", "jusqu'": a French word cut before a vowel.
bool Elided(std::string_view form) {
  return form.size() > 1 && (form.ends_with("'") || form.ends_with("\u2019"));
}
}  // namespace

const std::string& FoldCache::operator()(std::string_view s) {
  auto it = cache_.find(s);
  if (it == cache_.end()) it = cache_.emplace(std::string(s), utf8::Fold(s)).first;
  return it->second;
}

SentenceTree::SentenceTree(const Document& doc, uint32_t sentence, FoldCache& fold,
                           const std::unordered_set<std::string>& report,
                           const std::unordered_set<std::string>& measure)
    : doc_(doc), sentence_(sentence) {
  const Sentence& s = doc.sentences[sentence];
  begin_ = s.first_word;
  end_ = s.first_word + s.word_count;
  if (end_ > doc.words.size()) end_ = begin_ = 0;
  const uint32_t n = end_ - begin_;
  head_.resize(n);
  pos_.resize(n);
  rel_.resize(n);
  lemma_.resize(n);
  form_.resize(n);
  for (uint32_t w = begin_; w < end_; ++w) {
    const Word& word = doc.words[w];
    // One look-up when the lemma is the form (names, function words).
    const std::string_view lemma = doc.WordLemma(word), form = doc.WordForm(word);
    lemma_[w - begin_] = &fold(lemma);
    form_[w - begin_] = form == lemma ? lemma_[w - begin_] : &fold(form);
    const bool inside = word.head >= static_cast<int32_t>(begin_) && word.head < static_cast<int32_t>(end_);
    head_[w - begin_] = inside ? word.head : -1;
    pos_[w - begin_] = word.pos;
    rel_[w - begin_] = DepRelName(word.dep);
  }
  Link();
  Normalise(report, measure);
  passive_.assign(n, -1);
}

void SentenceTree::Link() {
  const uint32_t n = end_ - begin_;
  // The children of all words in one array, by head, each head's in word
  // order: counted, summed to where each head's run ends, then placed from
  // the last word back (a vector per word cost an allocation per head).
  child_begin_.assign(n + 1, 0);
  for (uint32_t w = begin_; w < end_; ++w)
    if (head_[w - begin_] >= 0) ++child_begin_[head_[w - begin_] - begin_];
  for (uint32_t i = 1; i <= n; ++i) child_begin_[i] += child_begin_[i - 1];
  child_list_.resize(child_begin_[n]);
  for (uint32_t w = end_; w-- > begin_;)
    if (head_[w - begin_] >= 0) child_list_[--child_begin_[head_[w - begin_] - begin_]] = w;
  preposition_.assign(n, &kNone);
  particle_.assign(n, &kNone);
  for (uint32_t w = begin_; w < end_; ++w) {
    const int32_t h = head_[w - begin_];
    if (h < 0) continue;
    const std::string_view r = rel(w);
    // A preposition by its form: they do not inflect, and a tagger may
    // lemmatise one as the verb it comes from ("according" -> accord). An
    // elided one ("d'armes", "jusqu'à") by its lemma, the full word.
    if (r == "case" && preposition_[h - begin_] == &kNone)
      preposition_[h - begin_] = Elided(*form_[w - begin_]) ? lemma_[w - begin_] : form_[w - begin_];
    if (r == "compound:prt") particle_[h - begin_] = lemma_[w - begin_];
  }
}

// "Lifting the sanctions is out of the question", "Lever l'embargo serait
// une erreur": a sentence that opens on a gerund or an infinitive with no
// subject, and goes on to a predicate with a copula, has that predicate as
// its root and the verb as its clausal subject (taggers often make the verb
// the root). The nouns the predicate took as its subject before the copula
// are the verb's objects.
bool SentenceTree::ClausalSubject() {
  int32_t root = -1;
  for (uint32_t w = begin_; w < end_; ++w)
    if (head(w) < 0) root = static_cast<int32_t>(w);
  if (root < 0 || root != static_cast<int32_t>(begin_) || pos(begin_) != Pos::kVerb) return false;
  const uint32_t v = begin_;
  const std::string& f = form(v);
  const bool nonfinite = f.ends_with("ing") || (doc_.language == "fr" && (f.ends_with("er") || f.ends_with("ir") ||
                                                                             f.ends_with("re")));
  if (!nonfinite) return false;
  for (uint32_t w = begin_; w < end_; ++w)
    if (head(w) == static_cast<int32_t>(v) && base(w) == "nsubj") return false;
  for (uint32_t p = begin_ + 1; p < end_; ++p) {
    if (pos(p) != Pos::kNoun && pos(p) != Pos::kAdj) continue;
    int32_t cop = -1;
    for (uint32_t c = begin_; c < end_; ++c)
      if (head(c) == static_cast<int32_t>(p) && rel(c) == "cop") cop = static_cast<int32_t>(c);
    if (cop < 0) continue;
    int32_t up = head(p);  // p must hang under the verb
    while (up >= 0 && up != static_cast<int32_t>(v)) up = head(static_cast<uint32_t>(up));
    if (up < 0) return false;
    for (uint32_t c = begin_; c < end_; ++c)
      if (head(c) == static_cast<int32_t>(p) && base(c) == "nsubj" && c < static_cast<uint32_t>(cop)) {
        head_[c - begin_] = static_cast<int32_t>(v);
        rel_[c - begin_] = "obj";
      }
    head_[p - begin_] = -1;
    rel_[p - begin_] = "root";
    head_[v - begin_] = static_cast<int32_t>(p);
    rel_[v - begin_] = "csubj";
    return true;
  }
  return false;
}

void SentenceTree::Normalise(const std::unordered_set<std::string>& report,
                             const std::unordered_set<std::string>& measure) {
  bool changed = false;
  for (uint32_t w = begin_; w < end_; ++w) {
    const int32_t h = head(w);
    if (h < 0) continue;
    const uint32_t hu = static_cast<uint32_t>(h);
    // "plus de vingt raids", "dozens of houses": the noun takes the place
    // of the quantity.
    // (The look-up of the head's lemma last: most words fail before it.)
    auto quantity = [&] { return pos(hu) == Pos::kAdv || (pos(hu) == Pos::kNoun && measure.count(lemma(hu)) != 0); };
    if (pos(w) == Pos::kNoun && !preposition(w).empty() && (preposition(w) == "de" || preposition(w) == "of") &&
        head(hu) >= 0 && quantity()) {
      const std::string_view hr = rel(hu);
      if (hr == "obj" || hr.starts_with("nsubj") || hr.starts_with("obl")) {
        head_[w - begin_] = head(hu);
        rel_[w - begin_] = hr;
        head_[hu - begin_] = static_cast<int32_t>(w);
        rel_[hu - begin_] = pos(hu) == Pos::kAdv ? "advmod" : "nummod";
        changed = true;
        continue;
      }
    }
    // ", a annoncé l'OSDH": a reporting verb after a comma, with no
    // conjunction, is a parenthesis.
    if (rel(w) == "conj" && pos(w) == Pos::kVerb && report.count(lemma(w)) != 0) {
      bool conjunction = false, comma = false;
      for (uint32_t c : children(w)) {
        if (rel(c) == "cc") conjunction = true;
        if (rel(c) == "punct" && form(c) == ",") comma = true;
      }
      if (comma && !conjunction) {
        rel_[w - begin_] = "parataxis";
        changed = true;
      }
    }
  }
  changed = ClausalSubject() || changed;
  // "A report released Tuesday alleged that ..." read with "released" as
  // the main verb: a root participle with no object or auxiliary, followed
  // by a reporting verb of no subject, modifies its subject, and the
  // reporting verb is the sentence's.
  if (doc_.language == "en")
    for (uint32_t v1 = begin_; v1 < end_; ++v1) {
      if (head(v1) >= 0) continue;
      if (pos(v1) != Pos::kVerb || !form(v1).ends_with("ed")) break;
      int32_t subject = -1, second = -1;
      bool blocked = false;
      for (uint32_t c = begin_; c < end_; ++c) {
        if (head(c) != static_cast<int32_t>(v1)) continue;
        const std::string_view r = rel(c);
        if (r == "nsubj" && subject < 0) subject = static_cast<int32_t>(c);
        if ((r == "obj" && !(InTime(c) && pos(c) == Pos::kPropn)) || base(c) == "aux") blocked = true;
      }
      // The reporting verb: under the participle or under one of its
      // phrases ("published by the government alleged", alleged acl of
      // government).
      for (uint32_t c = v1 + 1; c < end_ && second < 0; ++c) {
        const std::string_view r = rel(c);
        if (pos(c) != Pos::kVerb || report.count(lemma(c)) == 0 ||
            (r != "advcl" && r != "conj" && r != "parataxis" && r != "acl"))
          continue;
        const int32_t h = head(c);
        if (h == static_cast<int32_t>(v1) || (h >= 0 && head(static_cast<uint32_t>(h)) == static_cast<int32_t>(v1)))
          second = static_cast<int32_t>(c);
      }
      if (blocked || subject < 0 || second < 0) break;
      bool own = false;
      for (uint32_t c = begin_; c < end_; ++c)
        if (head(c) == second && (base(c) == "nsubj" || rel(c) == "mark" || rel(c) == "cc")) own = true;
      if (own) break;
      head_[second - begin_] = -1;
      rel_[second - begin_] = "root";
      head_[subject - begin_] = second;
      head_[v1 - begin_] = subject;
      rel_[v1 - begin_] = "acl";
      for (uint32_t c = begin_; c < end_; ++c)
        if (head(c) == static_cast<int32_t>(v1) && rel(c) == "punct") head_[c - begin_] = second;
      changed = true;
      break;
    }
  // "Insurgents bombarded the city, killing eight people, state media
  // reported" read with the killing under "reported": a closing reporting
  // verb with a subject and nothing reported of its own is a parenthetical
  // of the main verb, and the clauses before its subject are the main verb's.
  for (uint32_t w = begin_; w < end_; ++w) {
    const int32_t v = head(w);
    if (v < 0 || static_cast<uint32_t>(v) > w || pos(w) != Pos::kVerb || report.count(lemma(w)) == 0) continue;
    if (rel(w) != "advcl" && rel(w) != "parataxis" && rel(w) != "conj") continue;
    int32_t subject = -1;
    bool own = false;
    for (uint32_t c : children(w)) {
      if (base(c) == "nsubj" && subject < 0) subject = static_cast<int32_t>(c);
      if (base(c) == "ccomp" || base(c) == "obj" || rel(c) == "mark" || base(c) == "xcomp") own = true;
    }
    if (subject < 0 || own) continue;
    for (uint32_t c : children(w))
      if (rel(c) == "advcl" && c > static_cast<uint32_t>(v) && c < static_cast<uint32_t>(subject)) {
        head_[c - begin_] = v;
        changed = true;
      }
  }
  if (changed) Link();
  // ", killing ten people" hung from an adverb or a noun ("overnight",
  // "Aleppo"): an adverbial clause modifies a verb, the nearest above it.
  for (uint32_t w = begin_; w < end_; ++w) {
    if (rel(w) != "advcl" || pos(w) != Pos::kVerb || head(w) < 0) continue;
    int32_t v = head(w);
    for (int depth = 0; v >= 0 && depth < 8 && pos(static_cast<uint32_t>(v)) != Pos::kVerb &&
                        pos(static_cast<uint32_t>(v)) != Pos::kAux && pos(static_cast<uint32_t>(v)) != Pos::kAdj;
         ++depth)
      v = head(static_cast<uint32_t>(v));
    if (v < 0 || v == head(w) || pos(static_cast<uint32_t>(v)) != Pos::kVerb) continue;
    head_[w - begin_] = v;
    changed = true;
  }
  // "asked Obama to help" read with Obama as iobj: an indirect object with
  // no direct object beside it is the object.
  for (uint32_t w = begin_; w < end_; ++w) {
    if (rel(w) != "iobj" || head(w) < 0 || (pos(w) != Pos::kNoun && pos(w) != Pos::kPropn)) continue;
    const uint32_t v = static_cast<uint32_t>(head(w));
    bool object = false;
    for (uint32_t c = begin_; c < end_; ++c)
      if (head(c) == static_cast<int32_t>(v) && rel(c) == "obj") object = true;
    if (object) continue;
    rel_[w - begin_] = "obj";
    changed = true;
  }
  // "Georgian President Eduard Shevardnadze resigned Sunday" read with the
  // first adjective as the root and the verb as its clausal subject: the
  // verb is the root, the adjective qualifies the noun after it.
  if (head(begin_) < 0 && pos(begin_) == Pos::kAdj && begin_ + 1 < end_ &&
      (pos(begin_ + 1) == Pos::kNoun || pos(begin_ + 1) == Pos::kPropn)) {
    int32_t verb = -1;
    bool cop = false;
    for (uint32_t c = begin_; c < end_; ++c) {
      if (head(c) != static_cast<int32_t>(begin_)) continue;
      if (rel(c) == "cop") cop = true;
      if (base(c) == "csubj" && pos(c) == Pos::kVerb && verb < 0) verb = static_cast<int32_t>(c);
    }
    if (verb >= 0 && !cop) {
      for (uint32_t c = begin_; c < end_; ++c)
        if (head(c) == static_cast<int32_t>(begin_) && c != static_cast<uint32_t>(verb))
          head_[c - begin_] = verb;
      head_[verb - begin_] = -1;
      rel_[verb - begin_] = "root";
      head_[0] = static_cast<int32_t>(begin_ + 1);
      rel_[0] = "amod";
      changed = true;
    }
  }
  if (changed) Link();
  // "urged the rebels to withdraw", "ont contraint les djihadistes de se
  // retirer" (the infinitive acl of the object): the infinitive is the
  // verb's complement, controlled by its object.
  for (uint32_t w = begin_; w < end_; ++w) {
    if (rel(w) != "acl" || pos(w) != Pos::kVerb || !InfinitiveMark(w)) continue;
    const int32_t n = head(w);
    if (n < 0) continue;
    const std::string_view nr = base(static_cast<uint32_t>(n));
    if (nr != "obj" && nr != "obl" && nr != "iobj") continue;
    const int32_t v = head(static_cast<uint32_t>(n));
    if (v < 0 || pos(static_cast<uint32_t>(v)) != Pos::kVerb) continue;
    head_[w - begin_] = v;
    rel_[w - begin_] = "xcomp";
    changed = true;
  }
  if (changed) Link();
  // "a lancé jeudi une nouvelle offensive" (jeudi obj, offensive nmod of
  // jeudi), "lifted Friday a blockade" (blockade conj of Friday, with no
  // conjunction): a date is no object; the noun after it is.
  for (uint32_t w = begin_; w < end_; ++w) {
    if (rel(w) != "obj" || !InTime(w)) continue;
    // "a report released Tuesday", "protested yesterday": a day's name
    // or a deictic day alone is never the object.
    if ((pos(w) == Pos::kPropn || pos(w) == Pos::kNoun) && children(w).empty()) {
      rel_[w - begin_] = "obl:tmod";
      changed = true;
      continue;
    }
    for (uint32_t c : children(w)) {
      const bool joined = rel(c) == "conj" && std::none_of(children(c).begin(), children(c).end(),
                                                           [&](uint32_t g) { return rel(g) == "cc"; });
      if ((rel(c) != "nmod" && !joined) || !preposition(c).empty() || InTime(c)) continue;
      head_[c - begin_] = head(w);
      rel_[c - begin_] = "obj";
      rel_[w - begin_] = "obl:tmod";
      changed = true;
      break;
    }
  }
  if (changed) Link();
  // "killed in Israeli tank shelling" read with "shelling" a participle
  // modifying "tank": after a bare singular noun that a preposition
  // introduces, an "-ing" word with no subject or object of its own is the
  // head noun of the phrase, and the noun before it its compound.
  if (doc_.language == "en")
    for (uint32_t w = begin_ + 1; w < end_; ++w) {
      const uint32_t n = w - 1;
      if (rel(w) != "acl" || pos(w) != Pos::kVerb || !form(w).ends_with("ing") || head(w) != static_cast<int32_t>(n))
        continue;
      if (pos(n) != Pos::kNoun || preposition(n).empty() || lemma(n) != form(n)) continue;
      const auto& kids = children(n);
      if (std::any_of(kids.begin(), kids.end(), [&](uint32_t c) { return base(c) == "det"; })) continue;
      const auto& own = children(w);
      if (std::any_of(own.begin(), own.end(), [&](uint32_t c) {
            const std::string_view b = base(c);
            return b == "nsubj" || b == "obj" || b == "ccomp" || b == "xcomp" || b == "aux";
          }))
        continue;
      head_[w - begin_] = head(n);
      rel_[w - begin_] = rel(n);
      for (uint32_t c : kids)
        if (c < n) head_[c - begin_] = static_cast<int32_t>(w);
      head_[n - begin_] = static_cast<int32_t>(w);
      rel_[n - begin_] = "compound";
      pos_[w - begin_] = Pos::kNoun;
      lemma_[w - begin_] = form_[w - begin_];
      changed = true;
    }
  if (changed) Link();
  // "Russian warplanes bombed Islamic State positions" read as a noun
  // phrase (bombed acl of warplanes): a root noun whose verb has an object
  // is that verb's subject.
  for (uint32_t w = begin_; w < end_; ++w) {
    if (head(w) >= 0 || pos(w) != Pos::kNoun) continue;
    for (uint32_t c : children(w)) {
      if (rel(c) != "acl" || pos(c) != Pos::kVerb) continue;
      bool object = false, aux = false;
      for (uint32_t g : children(c)) {
        if (rel(g) == "obj") object = true;
        if (base(g) == "aux") aux = true;
      }
      if (!object || aux || form(c).ends_with("ing")) continue;
      head_[c - begin_] = -1;
      rel_[c - begin_] = "root";
      head_[w - begin_] = static_cast<int32_t>(c);
      rel_[w - begin_] = "nsubj";
      changed = true;
      break;
    }
    break;
  }
  if (changed) Link();
  // "The rebels and the government held talks" read as "rebels" (root) and
  // a conjoined clause "the government held talks": the nouns are the
  // coordinated subjects of the verb.
  for (uint32_t w = begin_; w < end_; ++w) {
    if (head(w) >= 0 || (pos(w) != Pos::kNoun && pos(w) != Pos::kPropn)) continue;
    for (uint32_t v : children(w)) {
      if (rel(v) != "conj" || pos(v) != Pos::kVerb || word(v).token < word(w).token) continue;
      int32_t subject = -1, cc = -1;
      for (uint32_t c : children(v)) {
        if (rel(c) == "nsubj" && subject < 0) subject = static_cast<int32_t>(c);
        if (rel(c) == "cc" && cc < 0) cc = static_cast<int32_t>(c);
      }
      if (subject < 0 || cc < 0 || word(static_cast<uint32_t>(cc)).token > word(static_cast<uint32_t>(subject)).token) continue;
      head_[v - begin_] = -1;
      rel_[v - begin_] = "root";
      head_[w - begin_] = static_cast<int32_t>(v);
      rel_[w - begin_] = "nsubj";
      head_[subject - begin_] = static_cast<int32_t>(w);
      rel_[subject - begin_] = "conj";
      head_[cc - begin_] = subject;
      for (uint32_t c : children(w))  // the sentence's punctuation follows the verb
        if (rel(c) == "punct") head_[c - begin_] = static_cast<int32_t>(v);
      changed = true;
      break;
    }
    break;
  }
  if (changed) Link();
  // "Douze soldats maliens tués": a French participle with no auxiliary;
  // "12 Nigerian soldiers killed in an ambush": an English "-ed" verb with a
  // counted subject and no auxiliary or object.
  for (uint32_t w = begin_; w < end_; ++w) {
    if (pos(w) != Pos::kVerb || lemma(w) == form(w)) continue;
    const int32_t subject = BareSubject(w);
    if (subject < 0) continue;
    bool passive_form = false;
    if (doc_.language == "fr") {
      // A past participle: "-é(e)(s)", "-i(e)(s)", "-u(e)(s)", "pris(e)(s)"
      // (present forms end otherwise, but for "-i"/"-u" verbs, rare in news).
      const std::string f = utf8::Lower(doc_.WordForm(doc_.words[w]));
      for (std::string_view end : {"é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues", "ise", "ises"})
        if (f.ends_with(end) && f.size() >= end.size() + 2) passive_form = true;
    } else if (doc_.language == "en" && form(w).ends_with("ed")) {
      const uint32_t su = static_cast<uint32_t>(subject);
      passive_form = pos(su) == Pos::kNum;
      for (uint32_t c : children(su))
        if (rel(c) == "nummod" || (base(c) == "nmod" && pos(c) == Pos::kNum)) passive_form = true;
    }
    if (passive_form) {
      rel_[subject - begin_] = "nsubj:pass";
      changed = true;
    }
  }
  if (changed) Link();
}

int32_t SentenceTree::BareSubject(uint32_t w) const {
  int32_t subject = -1;
  for (uint32_t c : children(w)) {
    if (base(c) == "aux" || base(c) == "cop" || rel(c) == "obj") return -1;
    if (rel(c) == "nsubj") subject = static_cast<int32_t>(c);
  }
  return subject;
}

bool SentenceTree::InfinitiveMark(uint32_t w) const {
  for (uint32_t c : children(w))
    if (rel(c) == "mark" && (lemma(c) == "to" || lemma(c) == "de" || lemma(c) == "d'" || lemma(c) == "a"))
      return true;
  return false;
}

bool SentenceTree::InTime(uint32_t w) const {
  const uint32_t t = doc_.words[w].token;
  for (const TimeExpr& x : doc_.times)
    if (t >= x.first_token && t < x.first_token + x.token_count) return true;
  return false;
}

const std::string& SentenceTree::preposition(uint32_t w) const { return *preposition_[w - begin_]; }
const std::string& SentenceTree::particle(uint32_t w) const { return *particle_[w - begin_]; }

bool SentenceTree::reflexive(uint32_t w) const {
  for (uint32_t c : children(w)) {
    const std::string& l = lemma(c);
    const std::string& f = form(c);
    if ((l == "se" || f == "se" || f == "s'" || f == "s’") && (base(c) == "expl" || base(c) == "obj" || base(c) == "iobj"))
      return true;
  }
  return false;
}

bool SentenceTree::passive(uint32_t w) const {
  int8_t& known = passive_[w - begin_];
  if (known < 0) known = Passive(w) ? 1 : 0;
  return known == 1;
}

bool SentenceTree::Passive(uint32_t w) const {
  // "s'étaient emparés": with a reflexive pronoun, "être" is the auxiliary
  // of tense, whatever relation the parser gave it.
  if (reflexive(w)) return false;
  for (uint32_t c : children(w))
    if (rel(c) == "aux:pass" || rel(c) == "nsubj:pass" || rel(c) == "csubj:pass") return true;
  // A participle that modifies its noun: French any but "-ant", English
  // "-ed"/"-en" forms (not "-ing").
  const std::string_view r = rel(w);
  if ((r == "acl" || r == "amod") && pos(w) == Pos::kVerb) {
    if (InfinitiveMark(w)) return false;  // "the decision to withdraw"
    for (uint32_t c : children(w))
      if (rel(c) == "obj") return false;
    const std::string& f = form(w);
    if (doc_.language == "fr") return !f.ends_with("ant");
    return !f.ends_with("ing");
  }
  return false;
}

void SentenceTree::Dependents(uint32_t w, std::string_view function, std::vector<uint32_t>* out) const {
  if (function == "head") {
    if (head(w) >= static_cast<int32_t>(begin_)) out->push_back(static_cast<uint32_t>(head(w)));
    return;
  }
  // In the passive, the object is the subject (or the noun a participle
  // modifies) and the subject is the agent. (Voice is asked only for these
  // two: it reads every child, and most paths follow a preposition.)
  if ((function == "obj" || function == "subj") && passive(w)) {
    if (function == "obj") {
      for (uint32_t c : children(w))
        if (rel(c) == "nsubj:pass") out->push_back(c);
      const std::string_view r = rel(w);
      if (out->empty() && (r == "acl" || r == "amod") && head(w) >= static_cast<int32_t>(begin_))
        out->push_back(static_cast<uint32_t>(head(w)));
    } else {
      for (uint32_t c : children(w)) {
        if (rel(c) == "obl:agent") out->push_back(c);
        else if (base(c) == "obl" || base(c) == "nmod") {
          const std::string& p = preposition(c);
          if (p == "by" || p == "par") out->push_back(c);
        }
      }
    }
    return;
  }
  if (function == "subj") {
    std::string how;
    Subjects(w, out, &how);
    return;
  }
  // What the function asks of a child, told once for all the children.
  enum class Want { kObj, kIobj, kPoss, kNmod, kCompound, kSameBase, kPreposition };
  Want want = Want::kPreposition;
  if (function == "obj") want = Want::kObj;
  else if (function == "iobj") want = Want::kIobj;
  else if (function == "poss") want = Want::kPoss;
  else if (function == "nmod") want = Want::kNmod;
  else if (function == "compound") want = Want::kCompound;
  else if (function == "xcomp" || function == "ccomp" || function == "amod" || function == "advmod" ||
           function == "nummod")
    want = Want::kSameBase;
  for (uint32_t c : children(w)) {
    const std::string_view r = rel(c);
    const std::string_view b = base(c);
    bool take = false;
    switch (want) {
      case Want::kObj: take = r == "obj" || r == "obj:agent"; break;
      case Want::kIobj: take = b == "iobj"; break;
      case Want::kPoss: take = r == "nmod:poss"; break;
      case Want::kNmod: take = b == "nmod" && r != "nmod:poss"; break;
      case Want::kCompound: take = b == "compound" && r != "compound:prt"; break;
      case Want::kSameBase: take = b == function; break;
      case Want::kPreposition:
        take = (b == "obl" || b == "nmod" || b == "advcl" || b == "acl") && preposition(c) == function;
        break;
    }
    if (take) out->push_back(c);
  }
}

void SentenceTree::Subjects(uint32_t w, std::vector<uint32_t>* out, std::string* how, int depth) const {
  // (The clitics "en" and "y" are no subjects, whatever the parser says.)
  for (uint32_t ch : children(w))
    if ((base(ch) == "nsubj" || base(ch) == "csubj") && !(pos(ch) == Pos::kPron && (form(ch) == "en" || form(ch) == "y")))
      out->push_back(ch);
  if (!out->empty() || depth > 3) return;
  const int32_t h = head(w);
  if (h < 0) return;
  const uint32_t hu = static_cast<uint32_t>(h);
  const std::string_view r = rel(w);
  if (r == "conj" && pos(hu) == Pos::kVerb) {
    *how += "conj:";
    Subjects(hu, out, how, depth + 1);
  } else if (r == "xcomp") {
    std::vector<uint32_t> objects;
    Dependents(hu, "obj", &objects);
    if (!objects.empty() && !passive(hu)) {
      *how += "xcomp:obj of " + lemma(hu) + " ";
      out->insert(out->end(), objects.begin(), objects.end());
    } else {
      *how += "xcomp:" + lemma(hu) + " ";
      Subjects(hu, out, how, depth + 1);
    }
  } else if (r == "advcl") {
    *how += "advcl:";
    Subjects(hu, out, how, depth + 1);
  } else if ((r == "acl" || r == "acl:relcl") && !passive(w)) {
    *how += "acl:";
    out->push_back(hu);
  }
}

void SentenceTree::Phrase(uint32_t w, std::vector<uint32_t>* out, bool places_only) const {
  const size_t first = out->size();
  out->push_back(w);
  for (size_t i = first; i < out->size() && out->size() < first + 64; ++i)
    for (uint32_t c : children((*out)[i]))
      if (!ClauseRelation(rel(c)) && !(places_only && (base(c) == "acl" || base(c) == "appos"))) out->push_back(c);
}

std::pair<uint32_t, uint32_t> SentenceTree::TokenRange(uint32_t w) const {
  uint32_t lo = doc_.words[w].token, hi = lo;
  std::vector<uint32_t> stack{w};
  while (!stack.empty()) {
    const uint32_t x = stack.back();
    stack.pop_back();
    lo = std::min(lo, doc_.words[x].token);
    hi = std::max(hi, doc_.words[x].token);
    for (uint32_t c : children(x))
      if (rel(c) != "punct") stack.push_back(c);
  }
  return {lo, hi};
}

}  // namespace vigie
