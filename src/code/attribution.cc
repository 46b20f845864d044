// Attribution: who says the event happened. A reporting verb above the
// event's clause ("the ministry said the army had shelled"), one in
// parenthesis beside it ("..., the ministry said"), or "selon X" /
// "according to X" anywhere on the way to the root. See coder.h.
#include "code/coder.h"

namespace vigie {

namespace {

constexpr uint32_t kMaxSpeakerTokens = 8;

class Attributor {
 public:
  Attributor(const CodeContext& c, const SentenceTree& tree) : c_(c), tree_(tree) {}

  Attribution Find(uint32_t clause) {
    // From the clause up to the root: each verb's "selon X" and reporting
    // verbs in parenthesis, and the reporting verb that governs it.
    int32_t v = static_cast<int32_t>(clause);
    for (int depth = 0; v >= 0 && depth < 6; ++depth) {
      const uint32_t x = static_cast<uint32_t>(v);
      for (uint32_t ch : tree_.children(x)) {
        const std::string& prep = tree_.preposition(ch);
        if (!prep.empty() && c_.cues.according.count(prep) != 0 && Speaker(ch, prep)) return a_;
      }
      for (uint32_t ch : tree_.children(x))
        if ((tree_.base(ch) == "parataxis" || tree_.rel(ch) == "advcl") && Reporting(ch) && SubjectOf(ch)) return a_;
      const int32_t h = tree_.head(x);
      // "X said (that) ...", "X a dit avoir ...": the clause is the report's.
      if (h >= 0 && (tree_.base(x) == "ccomp" || tree_.base(x) == "parataxis" || tree_.base(x) == "xcomp") &&
          Reporting(static_cast<uint32_t>(h)) && SubjectOf(static_cast<uint32_t>(h)))
        return a_;
      v = h;
    }
    return a_;
  }

 private:
  bool Reporting(uint32_t v) const {
    if (tree_.pos(v) != Pos::kVerb || !c_.Cue(c_.cues.report, tree_, v)) return false;
    // "s'est dit prêt à": a pronominal verb reports nothing.
    return !tree_.reflexive(v);
  }

  // The subject of a reporting verb, or the noun after it in an inverted
  // clause ("a rapporté l'OSDH", which the parser may take for an object).
  bool SubjectOf(uint32_t v) {
    for (uint32_t ch : tree_.children(v))
      if (tree_.base(ch) == "nsubj") return Speaker(ch, tree_.form(v), tree_.lemma(v));
    for (uint32_t ch : tree_.children(v))
      if ((tree_.rel(ch) == "obj" || tree_.base(ch) == "xcomp") && tree_.word(ch).token > tree_.word(v).token &&
          (tree_.pos(ch) == Pos::kNoun || tree_.pos(ch) == Pos::kPropn))
        return Speaker(ch, tree_.form(v), tree_.lemma(v));
    return false;
  }

  // The speaker in x's phrase: a mention, the actor a pronoun stands for,
  // or the phrase as written ("des témoins", "a spokesman").
  bool Speaker(uint32_t x, const std::string& cue, const std::string& verb = "") {
    a_.verb = verb;
    std::vector<uint32_t> phrase;
    tree_.Phrase(x, &phrase);
    for (uint32_t y : phrase) {
      const int32_t m = c_.index.mention_at(tree_.word(y).token);
      if (m < 0) continue;
      const Mention& mention = c_.doc.mentions[m];
      a_.mention = m;
      a_.speaker = std::string(c_.doc.Slice(mention.span));
      a_.evidence = {mention.span, "speaker by \"" + cue + "\""};
      c_.index.AddSpeaker(m);
      return true;
    }
    if (tree_.pos(x) == Pos::kPron) {
      const uint32_t t = tree_.word(x).token;
      const int32_t m = c_.index.Antecedent(t, false);
      if (m < 0) return false;
      a_.mention = m;
      a_.speaker = std::string(c_.doc.Slice(c_.doc.mentions[m].span));
      a_.evidence = {{c_.doc.tokens[t].begin, c_.doc.tokens[t].end}, "speaker by \"" + cue + "\" (anaphor)"};
      return true;
    }
    auto [lo, hi] = tree_.TokenRange(x);
    if (hi - lo >= kMaxSpeakerTokens) hi = lo + kMaxSpeakerTokens - 1;
    const Span span{c_.doc.tokens[lo].begin, c_.doc.tokens[hi].end};
    a_.speaker = std::string(c_.doc.Slice(span));
    a_.evidence = {span, "speaker by \"" + cue + "\""};
    return true;
  }

  const CodeContext& c_;
  const SentenceTree& tree_;
  Attribution a_;
};

}  // namespace

Attribution FindAttribution(const CodeContext& c, const SentenceTree& tree, uint32_t clause) {
  return Attributor(c, tree).Find(clause);
}

}  // namespace vigie
