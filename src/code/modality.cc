// Framing: is the act done, denied, only possible, or an intent or a
// threat? Read from the words that govern the trigger's clause in the tree.
// See coder.h.
#include "code/coder.h"

namespace vigie {

namespace {

class Framer {
 public:
  Framer(const CodeContext& c, const SentenceTree& tree) : c_(c), tree_(tree) {}

  // A negator or a hedge on the verb itself: "n'a pas attaqué", "did not
  // attack", "could attack", "aurait tué", "no attack".
  bool Negated(uint32_t v, std::string* why) const {
    for (uint32_t ch : tree_.children(v)) {
      const std::string_view b = tree_.base(ch);
      if ((b == "advmod" || b == "det" || b == "aux") && c_.Cue(c_.cues.negator, tree_, ch)) {
        *why = "negated by '" + tree_.form(ch) + "'";
        return true;
      }
    }
    return false;
  }
  // Acts of cooperation and yielding (roots 03 to 08): what a refusal turns down.
  static bool Cooperative(const std::string& code) {
    return code.size() >= 2 && code.substr(0, 2) >= "03" && code.substr(0, 2) <= "08";
  }
  // The act f codes, refused: its code becomes the refusal's (code/intent.txt).
  bool Refuse(Framing& f, const std::string& why) const {
    if (!Cooperative(f.code)) return false;
    const std::string code = c_.knowledge.intents.Refusal(f.code);
    if (code.empty()) return false;
    f.intended = f.code;
    f.code = code;
    f.modality = Modality::kAsserted;
    f.why = "refusal: " + why + " of " + f.intended;
    return true;
  }
  // "would not" on the verb: a refusal told in the past ("said he would not").
  bool WouldNot(uint32_t v, std::string* why) const {
    for (uint32_t ch : tree_.children(v))
      if (tree_.base(ch) == "aux" && (tree_.lemma(ch) == "would" || tree_.form(ch) == "would")) {
        *why = "'" + tree_.form(ch) + "'";
        return true;
      }
    return false;
  }

  // Acts of threat, protest, coercion and force (roots 13 to 20).
  static bool Conflict(const std::string& code) {
    return code.size() >= 2 && code.substr(0, 2) >= "13";
  }

  // "will withdraw its force unless ...", "may halt mediation if ...": an
  // act promised on a condition is a threat.
  bool Conditional(uint32_t v) const {
    for (uint32_t ch : tree_.children(v))
      if (tree_.base(ch) == "advcl")
        for (uint32_t m : tree_.children(ch))
          if (tree_.base(m) == "mark") {
            const std::string& l = tree_.form(m);
            if (l == "unless" || l == "if" || l == "si" || l == "faute") return true;
          }
    return false;
  }

  // "will"/"shall", "va"/"vont" + infinitive, or a French future form
  // ("libérera", "se retireront"); in a clause someone reports, also
  // "would" and the conditional: the future seen from the past ("said
  // they would blockade Paris").
  bool Future(uint32_t v, std::string* why) const {
    for (uint32_t ch : tree_.children(v))
      if (tree_.base(ch) == "aux" && c_.Cue(c_.cues.future, tree_, ch)) {
        *why = "future '" + tree_.form(ch) + "'";
        return true;
      }
    if (Reported(v)) {
      for (uint32_t ch : tree_.children(v))
        if (tree_.base(ch) == "aux" && (tree_.lemma(ch) == "would" || tree_.form(ch) == "would")) {
          *why = "future in the past '" + tree_.form(ch) + "'";
          return true;
        }
      if (tree_.doc().language == "fr" && tree_.pos(v) == Pos::kVerb) {
        const std::string& f = tree_.form(v);
        if (f.ends_with("rait") || f.ends_with("raient")) {
          *why = "future in the past '" + f + "'";
          return true;
        }
      }
    }
    if (tree_.doc().language == "fr" && tree_.pos(v) == Pos::kVerb) {
      const std::string& f = tree_.form(v);
      const std::string& l = tree_.lemma(v);
      // (Of an "-er" verb, "-era"; "tira" is a past, "tirera" a future.)
      const std::string_view stem = l.ends_with("er") ? "e" : l.ends_with("ir") ? "i" : l.ends_with("re") ? "" : "?";
      for (std::string_view end : {"ra", "ront", "rons", "rez"})
        if (stem != "?" && f.size() > end.size() + 2 && f.ends_with(std::string(stem) + std::string(end))) {
          *why = "future '" + f + "'";
          return true;
        }
    }
    return false;
  }

  // "must", "should", "have to", "devoir": what ought to be done.
  bool Obliged(uint32_t v, std::string* why) const {
    for (uint32_t ch : tree_.children(v)) {
      const std::string& l = tree_.lemma(ch);
      if (tree_.base(ch) == "aux" && (l == "must" || l == "should" || l == "ought" || tree_.form(ch) == "must" || tree_.form(ch) == "should")) {
        *why = "obligation '" + tree_.form(ch) + "'";
        return true;
      }
    }
    const int32_t h = tree_.head(v);
    if (h >= 0 && tree_.rel(v) == "xcomp" && tree_.lemma(static_cast<uint32_t>(h)) == "devoir") {
      *why = "obligation '" + tree_.form(static_cast<uint32_t>(h)) + "'";
      return true;
    }
    return false;
  }

  // v is the complement clause of a reporting verb.
  bool Reported(uint32_t v) const {
    int32_t h = tree_.head(v);
    if (h >= 0 && tree_.rel(v) == "xcomp" && tree_.lemma(static_cast<uint32_t>(h)) == "devoir") {
      v = static_cast<uint32_t>(h);
      h = tree_.head(v);
    }
    return h >= 0 && tree_.base(v) == "ccomp" && c_.Cue(c_.cues.report, tree_, static_cast<uint32_t>(h));
  }

  bool Hedged(uint32_t v, std::string* why) const {
    for (uint32_t ch : tree_.children(v)) {
      const std::string_view b = tree_.base(ch);
      if ((b == "aux" || b == "advmod") && c_.Cue(c_.cues.hedge, tree_, ch)) {
        *why = "hypothetical by '" + tree_.form(ch) + "'";
        return true;
      }
      // "si les rebelles attaquent", "if they attack".
      if (b == "mark" && (tree_.lemma(ch) == "si" || tree_.lemma(ch) == "if" || tree_.lemma(ch) == "unless")) {
        *why = "hypothetical by '" + tree_.form(ch) + "'";
        return true;
      }
    }
    // The French conditional: "bombarderait", "auraient tué".
    if (tree_.doc().language == "fr" && tree_.pos(v) == Pos::kVerb) {
      const std::string& f = tree_.form(v);
      if (f.ends_with("rait") || f.ends_with("raient")) {
        *why = "hypothetical: conditional '" + f + "'";
        return true;
      }
    }
    return false;
  }

  Framing Frame(const Candidate& candidate, int32_t clause) {
    Framing f;
    f.code = candidate.pattern->code;
    uint32_t v = clause >= 0 ? static_cast<uint32_t>(clause) : candidate.trigger;
    std::string why;
    if (Negated(candidate.trigger, &why) || (v != candidate.trigger && Negated(v, &why))) {
      // "said he would not provide support", "will not release the
      // prisoners": a cooperation refused for the time to come is a
      // rejection (12x), told as done.
      std::string when;
      if (Cooperative(f.code) &&
          (Future(candidate.trigger, &when) || (v != candidate.trigger && Future(v, &when)) ||
           WouldNot(candidate.trigger, &when) || (v != candidate.trigger && WouldNot(v, &when))))
        if (Refuse(f, why + " with " + when)) return f;
      f.modality = Modality::kNegated;
      f.why = why;
      return f;
    }
    // "a pause in the bombing", "l'arrêt des bombardements": an act named
    // as what a pause or an end stops is not going on.
    if (const int32_t h = tree_.head(candidate.trigger);
        h >= 0 && tree_.pos(candidate.trigger) == Pos::kNoun && tree_.base(candidate.trigger) == "nmod" &&
        tree_.pos(static_cast<uint32_t>(h)) == Pos::kNoun &&
        c_.Cue(c_.cues.cessation, tree_, static_cast<uint32_t>(h))) {
      f.modality = Modality::kNegated;
      f.why = "stopped: '" + tree_.form(static_cast<uint32_t>(h)) + "'";
      return f;
    }
    // The future tells an intent, or a threat for an act of conflict:
    // "the rebels will release the hostages", "l'armée va se retirer".
    const bool conditional = Conditional(v);
    if (Future(candidate.trigger, &why) || (v != candidate.trigger && Future(v, &why)) ||
        (conditional && Hedged(v, &why))) {
      const bool conflict = Conflict(f.code) || conditional;
      const std::string code = c_.knowledge.intents.Code(conflict, f.code);
      if (!code.empty()) {
        f.intended = f.code;
        f.code = code;
        f.why = std::string(conflict ? "threat" : "intent") + ": " + why + " of " + f.intended;
        return f;
      }
    }
    // "X said Y must do Z": X demands it of Y.
    if (Obliged(v, &why) && Reported(v)) {
      f.intended = f.code;
      f.code = "100";
      f.why = "demand: " + why + " in a reported clause, of " + f.intended;
      f.demanded_by_speaker = true;
      return f;
    }
    if (Hedged(candidate.trigger, &why) || (v != candidate.trigger && Hedged(v, &why))) {
      f.modality = Modality::kHypothetical;
      f.why = why;
    }
    // Up the tree: the verbs that govern the act by an infinitive or a
    // complement clause.
    for (int depth = 0; depth < 4; ++depth) {
      const int32_t h = tree_.head(v);
      if (h < 0) break;
      const uint32_t g = static_cast<uint32_t>(h);
      const std::string_view r = tree_.rel(v);
      // An adverbial clause of purpose, prevention or allegation ("urged
      // both sides to end the fighting", "warned Finland against joining",
      // "suspected of blowing up", "pour négocier") is not done; one of
      // "without"/"sans" is not done either.
      const std::string mark = Mark(v);
      if (r == "advcl" && (mark == "without" || mark == "sans")) {
        f.modality = Modality::kNegated;
        f.why = "negated by '" + mark + "'";
        return f;
      }
      // A clausal subject names an act considered, not done: "Lifting the
      // sanctions is out of the question", "Attaquer l'Iran serait une erreur".
      if (r == "csubj" || r == "csubj:pass") {
        f.modality = Modality::kHypothetical;
        f.why = "hypothetical: the subject of '" + tree_.form(g) + "'";
        f.governor = h;
        return f;
      }
      const bool purpose = (r == "advcl" || r == "acl") &&
                           (mark == "to" || mark == "pour" || mark == "afin" || mark == "against" || mark == "from" ||
                            mark == "de" || mark == "d'" || mark == "at" || mark == "for" || mark == "of");
      const bool controlled = r == "xcomp" || purpose || (r == "ccomp" && Infinitive(v)) ||
                              ((r == "acl" || r == "obl" || r == "nmod") && Infinitive(v));
      if (!controlled && r != "ccomp") break;
      if (tree_.pos(g) != Pos::kVerb && tree_.pos(g) != Pos::kAdj) break;  // "les djihadistes de se retirer"
      if (c_.Cue(c_.cues.denial, tree_, g)) {
        f.modality = Modality::kNegated;
        f.why = "denied by '" + tree_.form(g) + "'";
        return f;
      }
      // "demanded that Hamas renounce ...", "exige que l'armée se retire":
      // what is demanded is not done.
      if (!controlled && c_.Cue(c_.cues.directive, tree_, g)) {
        f.modality = Modality::kHypothetical;
        f.why = "hypothetical: demanded by '" + tree_.form(g) + "'";
        f.governor = h;
        return f;
      }
      if (!controlled) {
        // "said that ...": a complement clause keeps its own framing.
        v = g;
        continue;
      }
      // "a dit avoir mené des frappes", "claimed to have shot down": a
      // reporting verb reports the act; attribution finds the speaker.
      if (c_.Cue(c_.cues.report, tree_, g)) return f;
      const bool intent = c_.Cue(c_.cues.intent, tree_, g), threat = c_.Cue(c_.cues.threat, tree_, g);
      // "Obama wants Putin to attack": an intent verb with an object of its
      // own wants another to act; that is an appeal, not an intent.
      if (intent && r == "xcomp" && HasObject(g)) {
        f.modality = Modality::kHypothetical;
        f.why = "hypothetical: wanted of another by '" + tree_.form(g) + "'";
        f.governor = h;
        return f;
      }
      // "a trip aimed at pushing for a ceasefire": the participle of a
      // thing tells its purpose; no one voices an intent.
      if (intent && tree_.rel(g) == "acl" && tree_.head(g) >= 0 &&
          tree_.pos(static_cast<uint32_t>(tree_.head(g))) == Pos::kNoun) {
        f.modality = Modality::kHypothetical;
        f.why = "hypothetical: the purpose of '" + tree_.form(static_cast<uint32_t>(tree_.head(g))) + "'";
        f.governor = h;
        return f;
      }
      if (intent || threat) {
        // An intent to do harm is a threat: "vowed to strike", "plans to
        // impose restrictions".
        const std::string code = c_.knowledge.intents.Code(threat || Conflict(f.code), f.code);
        if (!code.empty()) {
          f.intended = f.code;
          f.code = code;
          f.governor = h;
          f.why = std::string(threat ? "threat" : "intent") + " by '" + tree_.form(g) + "' of " + f.intended;
          f.modality = Modality::kAsserted;
          if (Negated(g, &why)) {
            f.modality = Modality::kNegated;
            f.why += ", " + why;
          } else if (Hedged(g, &why)) {
            f.modality = Modality::kHypothetical;
            f.why += ", " + why;
          }
          return f;
        }
      }
      // "refused to release the prisoners", "a refusé de se retirer".
      if (c_.Cue(c_.cues.refusal, tree_, g) && !Negated(g, &why) && Refuse(f, "refused by '" + tree_.form(g) + "'")) {
        f.governor = h;
        return f;
      }
      if (c_.Cue(c_.cues.implicative, tree_, g)) {
        // "continued to shell", "ont contraint les djihadistes à se
        // retirer": the act is done.
        if (Negated(g, &why)) {
          f.modality = Modality::kNegated;
          f.why = why;
          return f;
        }
        v = g;
        continue;
      }
      // Asked for, planned, feared, possible: not (yet) done.
      f.modality = Modality::kHypothetical;
      f.why = "hypothetical: governed by '" + tree_.form(g) + "'";
      f.governor = h;
      return f;
    }
    return f;
  }

 private:
  std::string Mark(uint32_t v) const {
    for (uint32_t ch : tree_.children(v))
      if (tree_.base(ch) == "mark") return tree_.form(ch);
    return "";
  }

  bool HasObject(uint32_t v) const {
    for (uint32_t ch : tree_.children(v))
      if (tree_.rel(ch) == "obj" || tree_.rel(ch) == "iobj") return true;
    return false;
  }

  // An infinitive: a verb with "to"/"de"/"à" before it, or with no subject
  // and no auxiliary of its own.
  bool Infinitive(uint32_t v) const {
    if (tree_.pos(v) != Pos::kVerb) return false;
    for (uint32_t ch : tree_.children(v)) {
      const std::string_view b = tree_.base(ch);
      if (b == "mark") {
        const std::string& l = tree_.lemma(ch);
        if (l == "to" || l == "de" || l == "d'" || l == "a" || l == "pour" || l == "at" || l == "for") return true;
      }
      if (b == "nsubj" || b == "aux") return false;
    }
    return tree_.rel(v) == "xcomp";
  }

  const CodeContext& c_;
  const SentenceTree& tree_;
};

}  // namespace

namespace {
std::string Longest(const std::map<std::string, std::string>& table, const std::string& act) {
  for (size_t n = act.size(); n >= 2; --n) {
    auto it = table.find(act.substr(0, n));
    if (it != table.end()) return it->second;
  }
  auto fallback = table.find("*");
  return fallback == table.end() ? "" : fallback->second;
}
}  // namespace

std::string IntentTable::Code(bool threat_class, const std::string& act) const {
  return Longest(threat_class ? threat : intent, act);
}

std::string IntentTable::Refusal(const std::string& act) const { return Longest(refusal, act); }

Framing FindFraming(const CodeContext& c, const SentenceTree& tree, const Candidate& candidate,
                    int32_t clause) {
  return Framer(c, tree).Frame(candidate, clause);
}

}  // namespace vigie
