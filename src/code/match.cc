// Matching: the lexicon's patterns whose trigger and conditions hold in a
// sentence's tree. See coder.h.
#include <algorithm>

#include "code/coder.h"

namespace vigie {

namespace {

// The lemmas a word may stand for: its lemma, its form, and for an English
// word no dictionary knows, its regular stems ("criticised" -> criticise,
// "expelled" -> expel, "shelling" -> shell). Views of the tree's strings,
// but for the stem plus "e" ("firing" -> fire), kept in *with_e.
void TriggerKeys(const SentenceTree& tree, uint32_t w, std::vector<std::string_view>* keys, std::string* with_e) {
  keys->clear();
  const Token& token = tree.token(w);
  const LemmaSource source = token.lemma_source;
  const bool trusted = source == LemmaSource::kHunspell || source == LemmaSource::kLexicon;
  keys->push_back(tree.lemma(w));
  const std::string& f = tree.form(w);
  if (f != keys->front()) keys->push_back(f);
  if (tree.doc().language != "en" || (trusted && tree.lemma(w) != f)) return;
  for (std::string_view end : {"d", "ed", "s", "es", "ing"}) {
    if (f.size() <= end.size() + 2 || !f.ends_with(end)) continue;
    const std::string_view stem = std::string_view(f).substr(0, f.size() - end.size());
    keys->push_back(stem);
    if (end == "ing") {  // the last ending: *with_e is not written again
      with_e->assign(stem);
      *with_e += 'e';
      keys->push_back(*with_e);
    }
    if ((end == "ed" || end == "ing") && stem.back() == stem[stem.size() - 2])
      keys->push_back(stem.substr(0, stem.size() - 1));
  }
}

// A noun trigger also takes a word the tagger called an adjective or a verb
// but which has a determiner: "une nouvelle offensive".
bool PosFits(const SentenceTree& tree, uint32_t w, TriggerPos want) {
  const Pos pos = tree.pos(w);
  switch (want) {
    case TriggerPos::kVerb: return pos == Pos::kVerb;
    case TriggerPos::kAdjective: return pos == Pos::kAdj;
    case TriggerPos::kNoun:
      if (pos == Pos::kNoun) return true;
      if (pos != Pos::kAdj && pos != Pos::kVerb) return false;
      for (uint32_t c : tree.children(w))
        if (tree.base(c) == "det") return true;
      return false;
  }
  return false;
}

// "@MIL", "@ACTOR", "@PLACE": the word's phrase names such an actor or a
// place (see lexicon.h).
bool PhraseIs(const SentenceTree& tree, const DocumentIndex& index, uint32_t w, std::string_view type) {
  std::vector<uint32_t> phrase;
  tree.Phrase(w, &phrase, /*places_only=*/type == "PLACE");
  const Document& doc = tree.doc();
  for (uint32_t x : phrase) {
    const uint32_t t = tree.word(x).token;
    if (type == "PLACE") {
      if (index.place_at(t) >= 0) return true;
      continue;
    }
    const int32_t m = index.mention_at(t);
    if (m < 0 || index.IsPlaceName(m)) continue;
    const Mention& mention = doc.mentions[m];
    if (type == "ACTOR") return true;
    if (type == "STATE") return mention.kind == MentionKind::kState;
    if (type == "GROUP") return mention.kind == MentionKind::kGroup;
    if (type == "ARMED")
      return mention.kind == MentionKind::kGroup || mention.sector == "MIL" || mention.sector == "REB" ||
             mention.sector == "COP";
    if (mention.sector == type) return true;
    if (type == "REB" && mention.kind == MentionKind::kGroup) return true;
    return false;  // the first actor of the phrase decides
  }
  return false;
}

// An English plural the lemmatiser did not know, as its singular:
// "prisoners" when the stemmer gave "prison", "firearms" when it gave none.
std::string_view RegularSingular(const SentenceTree& tree, uint32_t w) {
  const LemmaSource source = tree.token(w).lemma_source;
  if (tree.doc().language != "en" || source == LemmaSource::kHunspell || source == LemmaSource::kLexicon) return {};
  std::string_view f = tree.form(w);
  if (f.size() < 4 || !f.ends_with("s") || f.ends_with("ss")) return {};
  return f.substr(0, f.size() - 1);
}

bool WordIs(const SentenceTree& tree, const DocumentIndex* index, uint32_t w, const std::vector<std::string>& words) {
  if (words.empty()) return true;
  const std::string& l = tree.lemma(w);
  const std::string& f = tree.form(w);
  const std::string_view singular = RegularSingular(tree, w);
  const std::string& prt = tree.particle(w);
  for (const std::string& x : words) {
    if (x.front() == '@') {
      if (index != nullptr && PhraseIs(tree, *index, w, std::string_view(x).substr(1))) return true;
      continue;
    }
    // "call_off": the verb with its particle; a plain word, the lemma or form.
    if (x.find('_') == std::string::npos) {
      if (x == l || x == f || (!singular.empty() && x == singular)) return true;
    } else if (!prt.empty() && x.size() == l.size() + 1 + prt.size() && x.starts_with(l) &&
               x[l.size()] == '_' && x.ends_with(prt)) {
      return true;
    }
  }
  return false;
}

}  // namespace

void FollowPathFrom(const SentenceTree& tree, const DocumentIndex* index, uint32_t w, const LexiconItem& item,
                    bool under_object, std::vector<uint32_t>* out);

// The words reached from w along an item's path, keeping those whose lemma
// is one of the item's words.
void FollowPath(const SentenceTree& tree, const DocumentIndex* index, uint32_t w, const LexiconItem& item,
                std::vector<uint32_t>* out) {
  FollowPathFrom(tree, index, w, item, /*under_object=*/false, out);
  // A phrase after the object may hang from the verb or from the object
  // ("rompu ses relations avec la France", "appelé les belligérants à un
  // cessez-le-feu"): a preposition of the verb is also read under its object.
  if (out->empty() && item.path.size() == 1 && tree.pos(w) == Pos::kVerb && !IsFunctionName(item.path[0][0]))
    FollowPathFrom(tree, index, w, item, /*under_object=*/true, out);
}

// under_object: the path read from w's objects (an "obj" hop first).
void FollowPathFrom(const SentenceTree& tree, const DocumentIndex* index, uint32_t w, const LexiconItem& item,
                    bool under_object, std::vector<uint32_t>* out) {
  // The words reached so far and at the next hop: room kept from call to
  // call (thousands per article; nothing it calls comes back here).
  thread_local std::vector<uint32_t> at, next;
  at.assign(1, w);
  next.clear();
  if (under_object) {
    tree.Dependents(w, "obj", &next);
    at.swap(next);
  }
  for (const std::vector<std::string>& hop : item.path) {
    if (at.empty()) break;
    next.clear();
    for (uint32_t x : at)
      for (const std::string& function : hop) tree.Dependents(x, function, &next);
    at.swap(next);
  }
  out->clear();
  for (uint32_t x : at)
    if (WordIs(tree, index, x, item.words)) out->push_back(x);
}

namespace {

bool Matches(const SentenceTree& tree, const DocumentIndex& index, uint32_t w, const LexiconPattern& p,
             std::vector<uint32_t>* words) {
  if (!PosFits(tree, w, p.pos)) return false;
  if (tree.particle(w) != p.particle) return false;
  if (p.reflexive && !tree.reflexive(w)) return false;
  words->assign(1, w);
  std::vector<uint32_t> found;
  for (const LexiconItem& item : p.items) {
    if (item.kind == LexiconItem::Kind::kSlot) continue;
    FollowPath(tree, &index, w, item, &found);
    if (item.kind == LexiconItem::Kind::kRequire && found.empty()) return false;
    if (item.kind == LexiconItem::Kind::kForbid && !found.empty()) return false;
    if (item.kind == LexiconItem::Kind::kRequire) words->insert(words->end(), found.begin(), found.end());
  }
  return true;
}

int32_t Find(const std::vector<Candidate>& found, uint32_t w) {
  for (size_t i = 0; i < found.size(); ++i)
    if (found[i].trigger == w) return static_cast<int32_t>(i);
  return -1;
}

// Statements, appeals, accusations, demands, rejections, threats and
// protests: acts of saying (CAMEO roots 01 to 14).
bool Verbal(const std::string& code) { return code.size() >= 2 && code.substr(0, 2) <= "14"; }

// A clause with a subject or an auxiliary of its own; else a gerund or an
// infinitive ("of violating", "de violer").
bool Finite(const SentenceTree& tree, uint32_t v) {
  for (uint32_t ch : tree.children(v)) {
    const std::string_view b = tree.base(ch);
    if (b == "nsubj" || b == "aux" || b == "cop") return true;
  }
  return false;
}

bool Violent(const std::string& code) {
  return code.starts_with("18") || code.starts_with("19") || code.starts_with("20");
}

}  // namespace

std::vector<Candidate> MatchSentence(const CodeContext& c, const SentenceTree& tree) {
  std::vector<Candidate> found;
  std::vector<std::string_view> keys;
  std::string with_e;
  std::vector<uint32_t> words;
  for (uint32_t w = tree.begin(); w < tree.end(); ++w) {
    const Pos pos = tree.pos(w);
    if (pos != Pos::kVerb && pos != Pos::kNoun && pos != Pos::kAdj) continue;
    TriggerKeys(tree, w, &keys, &with_e);
    Candidate best;
    for (std::string_view key : keys) {
      const std::vector<uint32_t>* list = c.lexicon.Triggered(key);
      if (list == nullptr) continue;
      for (uint32_t pi : *list) {  // the most specific first: the first match is the best
        const LexiconPattern& p = c.lexicon.pattern(pi);
        if (!Matches(tree, c.index, w, p, &words)) continue;
        best.pattern = &p;
        best.trigger = w;
        best.words = words;
        break;
      }
      if (best.pattern != nullptr) break;  // the lemma's patterns before the form's
    }
    if (best.pattern != nullptr) found.push_back(std::move(best));
  }

  // A noun that a trigger verb governs is that verb's event ("repelled an
  // attack", "ont mené des raids" when "mener" is itself a pattern); a
  // violent verb whose subject is an event noun tells that event's toll
  // ("Russian strikes killed ...", "l'attaque a fait 20 morts").
  std::vector<bool> drop(found.size(), false);
  for (size_t i = 0; i < found.size(); ++i) {
    const Candidate& n = found[i];
    if (n.pattern->pos != TriggerPos::kNoun) continue;
    const int32_t h = tree.head(n.trigger);
    if (h < 0) continue;
    const int32_t v = Find(found, static_cast<uint32_t>(h));
    if (v < 0) continue;
    // "talks on a troop pullback", "la demande de retrait": a noun event
    // under another event noun is its topic.
    if (found[v].pattern->pos == TriggerPos::kNoun) {
      if (tree.base(n.trigger) == "nmod") drop[i] = true;
      continue;
    }
    if (found[v].pattern->pos != TriggerPos::kVerb) continue;
    const std::string_view r = tree.rel(n.trigger);
    // ... or its agent: "tués par les raids russes".
    const bool agent = r == "obl:agent" || (tree.base(n.trigger) == "obl" && tree.passive(static_cast<uint32_t>(h)) &&
                                            (tree.preposition(n.trigger) == "par" || tree.preposition(n.trigger) == "by"));
    if (((tree.base(n.trigger) == "nsubj" && r != "nsubj:pass") || agent) &&
        (Violent(found[v].pattern->code) || c.Cue(c.cues.result, tree, static_cast<uint32_t>(h)))) {
      drop[v] = true;
      found[i].event_head = h;
    } else if (r == "obj" || r == "nsubj:pass" || tree.base(n.trigger) == "obl") {
      drop[i] = true;
    }
  }
  // "ont tué 300 jihadistes et détruit 11 chars": a violent verb
  // coordinated with a toll is part of it.
  for (size_t i = 0; i < found.size(); ++i) {
    const uint32_t v = found[i].trigger;
    if (drop[i] || found[i].pattern->pos != TriggerPos::kVerb || tree.rel(v) != "conj") continue;
    const int32_t h = Find(found, static_cast<uint32_t>(tree.head(v)));
    if (h < 0 || !drop[h]) continue;
    bool own_subject = false;
    for (uint32_t ch : tree.children(v))
      if (tree.base(ch) == "nsubj") own_subject = true;
    bool toll = false;
    for (const Candidate& n : found)
      if (n.event_head == static_cast<int32_t>(found[h].trigger)) toll = true;
    if (toll && !own_subject && Violent(found[i].pattern->code)) drop[i] = true;
  }
  // What a verbal event is about is no event of its own: "condemned the
  // attack", "accused the rebels of violating the ceasefire", "complained
  // over two air raids", "protested the killing of a student". (What is
  // said in a complement clause is reported, not a topic; an infinitive is
  // framed as intent, threat or appeal by modality.cc.)
  for (size_t i = 0; i < found.size(); ++i) {
    uint32_t x = found[i].trigger;
    for (int depth = 0; depth < 3 && !drop[i]; ++depth) {
      const std::string_view b = tree.base(x);
      const bool topic = b == "obj" || b == "obl" || b == "nmod" || b == "iobj" ||
                         ((b == "advcl" || b == "acl") && !Finite(tree, x));
      if (!topic || tree.head(x) < 0) break;
      x = static_cast<uint32_t>(tree.head(x));
      int32_t g = Find(found, x);
      // A light verb's noun tells the event: "renewed negotiations today on
      // a troop pullback", "a ouvert une enquête sur les frappes".
      if (g < 0 && b == "obl")
        for (uint32_t ch : tree.children(x))
          if (g < 0 && tree.base(ch) == "obj") g = Find(found, ch);
      if (g >= 0 && static_cast<size_t>(g) != i && Verbal(found[g].pattern->code) && !drop[g]) drop[i] = true;
    }
  }
  // A participle that only describes a noun ("the besieged town", "les
  // territoires occupés", "property seized") tells no event of its own; one
  // with its own agent, place or date does ("des civils tués samedi").
  for (size_t i = 0; i < found.size(); ++i) {
    const uint32_t v = found[i].trigger;
    if (found[i].pattern->pos != TriggerPos::kVerb) continue;
    const std::string_view r = tree.rel(v);
    bool bare = true;
    for (uint32_t ch : tree.children(v))
      if (tree.base(ch) != "punct" && tree.base(ch) != "advmod") bare = false;
    if (r == "amod" || (r == "acl" && bare && tree.passive(v))) drop[i] = true;
  }
  std::vector<Candidate> kept;
  for (size_t i = 0; i < found.size(); ++i)
    if (!drop[i]) kept.push_back(std::move(found[i]));
  return kept;
}

}  // namespace vigie
