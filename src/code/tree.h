// One sentence's dependency tree as the event coder reads it: the words of
// the parse stage with their children, folded lemmas, and the grammatical
// functions of the lexicon (subj, obj, "of", ...) turned into UD relations
// in the active and the passive voice.
//
// The tree is first normalised, so that the steps after it see one shape
// for one construction (as CoreNLP's enhanced dependencies do):
//   - a quantity heads no noun: in "ont mené plus de vingt raids" (plus
//     obj, raids obl:arg of plus) raids becomes the object, and so in
//     "torched dozens of houses", "provide 25,000 tons of aid";
//   - a reporting verb coordinated after a comma is a parenthesis: "X a
//     bombardé Idleb, a annoncé l'OSDH" (annoncé conj) becomes parataxis;
//   - an infinitive that the parser hung on a verb's object is the verb's
//     complement: "urged the rebels to withdraw" (withdraw xcomp of urged);
//   - a date is no object: in "a lancé jeudi une offensive" (jeudi obj,
//     offensive nmod of jeudi) offensive becomes the object;
//   - a root noun whose participle has an object is its subject
//     ("Russian warplanes bombed positions", read as a noun phrase);
//   - an English "-ed" verb with a counted subject and no auxiliary is
//     passive ("12 soldiers killed in an ambush");
//   - a French participle with a subject and no auxiliary is passive:
//     "Douze soldats tués dans une embuscade" (soldats nsubj:pass).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/string_map.h"
#include "doc/document.h"

namespace vigie {

// Folded strings (lower case, no accents), computed once per distinct word
// and kept across documents.
class FoldCache {
 public:
  const std::string& operator()(std::string_view s);

 private:
  StringMap<std::string> cache_;  // looked up by view: no string per look-up
};

class SentenceTree {
 public:
  // report: the reporting verbs (folded), for the parenthesis rule;
  // measure: the nouns of quantity ("dozens", "tonnes", "partie").
  SentenceTree(const Document& doc, uint32_t sentence, FoldCache& fold,
               const std::unordered_set<std::string>& report, const std::unordered_set<std::string>& measure);

  const Document& doc() const { return doc_; }
  uint32_t sentence() const { return sentence_; }
  // Words of the sentence: indices into Document::words.
  uint32_t begin() const { return begin_; }
  uint32_t end() const { return end_; }
  bool empty() const { return begin_ == end_; }

  const Word& word(uint32_t w) const { return doc_.words[w]; }
  const Token& token(uint32_t w) const { return doc_.tokens[doc_.words[w].token]; }
  int32_t head(uint32_t w) const { return head_[w - begin_]; }
  std::span<const uint32_t> children(uint32_t w) const {
    const uint32_t i = w - begin_;
    return {child_list_.data() + child_begin_[i], child_begin_[i + 1] - child_begin_[i]};
  }
  Pos pos(uint32_t w) const { return pos_[w - begin_]; }
  // The relation, whole ("nsubj:pass") and universal ("nsubj").
  std::string_view rel(uint32_t w) const { return rel_[w - begin_]; }
  std::string_view base(uint32_t w) const {
    const std::string_view r = rel(w);
    size_t colon = 0;  // a short name: a plain loop, no call
    while (colon < r.size() && r[colon] != ':') ++colon;
    return r.substr(0, colon);
  }
  const std::string& lemma(uint32_t w) const { return *lemma_[w - begin_]; }
  const std::string& form(uint32_t w) const { return *form_[w - begin_]; }

  // The preposition that introduces w (its first "case" child, folded), or "".
  const std::string& preposition(uint32_t w) const;
  // The particle of a phrasal verb (compound:prt), or "".
  const std::string& particle(uint32_t w) const;
  // A reflexive pronoun depends on w ("se sont retirés").
  bool reflexive(uint32_t w) const;
  // The passive: an aux:pass or nsubj:pass child, or a participle that
  // modifies a noun ("300 membres tués", "the bombed city"). Worked out
  // once per word, when first asked (patterns ask it of a verb many times).
  bool passive(uint32_t w) const;
  // The grammatical subject of a verb: its own, else the one it shares with
  // the verb it is coordinated with, controlled by (the object of "urged
  // the rebels to withdraw", the subject of "agreed to withdraw"), or
  // modifies; `how` says which way ("conj:", "xcomp:agree ").
  void Subjects(uint32_t w, std::vector<uint32_t>* out, std::string* how, int depth = 0) const;
  // The dependents of w that a lexicon function names, in the voice of w
  // (an active subject as Subjects finds it).
  void Dependents(uint32_t w, std::string_view function, std::vector<uint32_t>* out) const;
  // Words of w's subtree, in tree order (w first, then by depth), not
  // entering clauses of their own (relative, adverbial, complement clauses).
  // With places_only, not entering participle modifiers either: "la ville
  // antique, située dans le centre de la Syrie" names no place for "ville".
  void Phrase(uint32_t w, std::vector<uint32_t>* out, bool places_only = false) const;
  // The tokens w's subtree covers (first, last).
  std::pair<uint32_t, uint32_t> TokenRange(uint32_t w) const;

 private:
  const Document& doc_;
  uint32_t sentence_;
  uint32_t begin_ = 0, end_ = 0;
  void Normalise(const std::unordered_set<std::string>& report, const std::unordered_set<std::string>& measure);
  bool ClausalSubject();
  bool InTime(uint32_t w) const;          // w is part of a date the time stage read
  bool InfinitiveMark(uint32_t w) const;  // "to withdraw", "de se retirer"
  bool Passive(uint32_t w) const;         // what passive() remembers
  int32_t BareSubject(uint32_t w) const;  // the subject of a verb with no auxiliary nor object, or -1
  void Link();

  std::vector<int32_t> head_;
  std::vector<Pos> pos_;  // the tagger's, but for the words a repair retagged
  std::vector<std::string_view> rel_;
  // Word i's children: child_list_[child_begin_[i] .. child_begin_[i + 1]).
  std::vector<uint32_t> child_begin_, child_list_;
  std::vector<const std::string*> lemma_, form_;
  std::vector<const std::string*> preposition_, particle_;
  // passive() per word: -1 not asked yet, else 0 or 1. The tree is one
  // thread's (a sentence being coded) and is not changed once built.
  mutable std::vector<int8_t> passive_;
};

}  // namespace vigie
