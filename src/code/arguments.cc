// Arguments: who did it, to whom, where. The pattern's slots first, then the
// grammar's defaults, over the tree. See coder.h.
#include <algorithm>

#include "code/coder.h"

namespace vigie {

namespace {

constexpr size_t kMaxActors = 4;  // per side: "X, Y, Z and W agreed"

class ArgumentFinder {
 public:
  ArgumentFinder(const CodeContext& c, const SentenceTree& tree, const Candidate& candidate)
      : c_(c), tree_(tree), candidate_(candidate), p_(*candidate.pattern) {}

  Arguments Find() {
    const uint32_t w = candidate_.trigger;
    a_.clause = static_cast<int32_t>(w);
    a_.passive = p_.pos == TriggerPos::kVerb && tree_.passive(w);
    bool source_slot = false, target_slot = false, place_slot = false;
    std::vector<uint32_t> words;
    for (const LexiconItem& item : p_.items) {
      if (item.kind != LexiconItem::Kind::kSlot) continue;
      words.clear();
      if (!item.path.empty()) FollowPath(tree_, &c_.index, w, item, &words);  // "TGT=-": none
      const std::string path = SlotPathText(item);
      // Several slots for one side are tried in turn: the first that names
      // an actor wins ("TGT=obj/de TGT=obj": the attackers of "repoussé une
      // attaque des jihadistes", else the object of "repoussé les jihadistes").
      if (item.slot == Slot::kSource) {
        source_slot = true;
        if (a_.sources.empty())
          for (uint32_t x : words) AddActor(x, path, &a_.sources);
      } else if (item.slot == Slot::kTarget) {
        target_slot = true;
        if (a_.targets.empty())
          for (uint32_t x : words) AddActorOrPlace(x, path, &a_.targets);
      } else {
        place_slot = true;
        for (uint32_t x : words) SetPlace(x, path);
      }
    }
    if (p_.pos == TriggerPos::kVerb) {
      if (!source_slot) Sources(w);
      if (!target_slot) Targets(w, "");
    } else if (p_.pos == TriggerPos::kAdjective) {
      // "France is ready to contribute": the adjective's subject.
      if (!source_slot) Sources(w);
    } else {
      NounArguments(w, source_slot, target_slot);
    }
    if (!place_slot && a_.place < 0) Locatives(w);
    if (a_.place < 0 && a_.clause != static_cast<int32_t>(w)) Locatives(static_cast<uint32_t>(a_.clause));
    return std::move(a_);
  }

 private:
  static std::string SlotPathText(const LexiconItem& item) {
    std::string s;
    for (const auto& hop : item.path) {
      if (!s.empty()) s += "/";
      for (size_t i = 0; i < hop.size(); ++i) s += (i ? "|" : "") + hop[i];
    }
    return s;
  }

  // --- Words to actors and places -------------------------------------------
  // The actor a word's phrase names: a mention in it (nearest in the tree
  // first), else the actor a pronoun or "le groupe" stands for.
  bool ActorOf(uint32_t x, ArgumentRef* ref) {
    phrase_.clear();
    tree_.Phrase(x, &phrase_);
    for (uint32_t y : phrase_) {
      const uint32_t t = tree_.word(y).token;
      const int32_t m = c_.index.mention_at(t);
      if (m < 0 || c_.index.IsPlaceName(m)) continue;
      // A country named inside the phrase of something else is where it is
      // ("le sud du Liban", "a village in Mali"), not who is hit; a
      // demonym ("un village malien") is no place and stays an actor.
      if (y != x && c_.doc.mentions[m].kind == MentionKind::kState && c_.index.place_at(t) >= 0) continue;
      ref->mention = m;
      return true;
    }
    const Pos pos = tree_.pos(x);
    if (c_.Cue(c_.cues.anaphor, tree_, x) && (pos == Pos::kPron || pos == Pos::kNoun)) {
      const uint32_t t = tree_.word(x).token;
      const int32_t m = c_.index.Antecedent(t, pos == Pos::kNoun);
      if (m >= 0) {
        ref->mention = m;
        ref->anaphor = static_cast<int32_t>(t);
        return true;
      }
    }
    return false;
  }

  int32_t PlaceOf(uint32_t x) {
    phrase_.clear();
    tree_.Phrase(x, &phrase_, /*places_only=*/true);
    for (uint32_t y : phrase_) {
      const int32_t p = c_.index.place_at(tree_.word(y).token);
      if (p >= 0) return p;
    }
    return -1;
  }

  // A relative pronoun stands for the noun its clause modifies ("les
  // rebelles, qui ont attaqué").
  uint32_t Relative(uint32_t x) {
    if (tree_.pos(x) != Pos::kPron || !c_.Cue(c_.cues.relative, tree_, x)) return x;
    for (int32_t v = tree_.head(x); v >= 0; v = tree_.head(static_cast<uint32_t>(v))) {
      const std::string_view r = tree_.rel(static_cast<uint32_t>(v));
      if (r == "acl:relcl") {
        const int32_t n = tree_.head(static_cast<uint32_t>(v));
        return n >= 0 ? static_cast<uint32_t>(n) : x;
      }
      if (r != "conj") break;
    }
    return x;
  }

  // Adds the actor of x and of each word coordinated with it, and of each
  // country coordinated inside its phrase ("US and British activists").
  void AddActor(uint32_t x, const std::string& path, std::vector<ArgumentRef>* side) {
    x = Relative(x);
    Add(x, path, side, false);
    for (uint32_t y : tree_.children(x))
      if (tree_.rel(y) == "conj") Add(y, path + "+conj", side, false);
    CoordinatedModifiers(x, path, side);
  }
  void CoordinatedModifiers(uint32_t x, const std::string& path, std::vector<ArgumentRef>* side) {
    std::vector<uint32_t> modifiers;
    for (uint32_t y : tree_.children(x)) {
      const std::string_view r = tree_.rel(y);
      if (r != "amod" && r != "compound" && r != "nmod") continue;
      for (uint32_t z : tree_.children(y))
        if (tree_.rel(z) == "conj") {
          modifiers.push_back(y);
          modifiers.push_back(z);
        }
    }
    for (uint32_t y : modifiers) {
      const int32_t m = c_.index.mention_at(tree_.word(y).token);
      if (m < 0 || c_.doc.mentions[m].kind != MentionKind::kActor || side->size() >= kMaxActors) continue;
      if (std::any_of(side->begin(), side->end(), [&](const ArgumentRef& r) { return r.mention == m; })) continue;
      ArgumentRef ref;
      ref.mention = m;
      ref.path = path + "+coordinated";
      side->push_back(std::move(ref));
    }
  }
  void AddActorOrPlace(uint32_t x, const std::string& path, std::vector<ArgumentRef>* side) {
    x = Relative(x);
    Add(x, path, side, true);
    for (uint32_t y : tree_.children(x))
      if (tree_.rel(y) == "conj") Add(y, path + "+conj", side, true);
  }
  void Add(uint32_t x, const std::string& path, std::vector<ArgumentRef>* side, bool or_place) {
    ArgumentRef ref;
    ref.path = path;
    const bool actor = ActorOf(x, &ref);
    if (or_place && a_.place < 0) {
      const int32_t p = PlaceOf(x);
      if (p >= 0 && (!actor || tree_.word(x).token == c_.doc.places[p].first_token ||
                     c_.doc.mentions[ref.mention].kind == MentionKind::kState)) {
        a_.place = p;
        a_.place_path = path;
        const Place& place = c_.doc.places[p];
        const uint32_t t = tree_.word(x).token;
        a_.place_is_slot = t >= place.first_token && t < place.first_token + place.token_count;
      }
    }
    if (!actor || side->size() >= kMaxActors) return;
    for (const ArgumentRef& r : *side)
      if (r.mention == ref.mention) return;
    side->push_back(std::move(ref));
  }
  // The actors (or places) of w's dependents by each of these functions
  // ("poss", "by", a target preposition...), their path named by it.
  template <typename Functions>
  void ActorsBy(uint32_t w, const Functions& functions, const std::string& prefix, std::vector<ArgumentRef>* side,
                bool or_place) {
    std::vector<uint32_t> words;
    for (const auto& f : functions) {
      words.clear();
      tree_.Dependents(w, f, &words);
      for (uint32_t x : words) {
        if (or_place) AddActorOrPlace(x, prefix + std::string(f), side);
        else AddActor(x, prefix + std::string(f), side);
      }
    }
  }
  void ActorsBy(uint32_t w, std::initializer_list<const char*> functions, const std::string& prefix,
                std::vector<ArgumentRef>* side, bool or_place) {
    ActorsBy<std::initializer_list<const char*>>(w, functions, prefix, side, or_place);
  }

  void SetPlace(uint32_t x, const std::string& path) {
    const int32_t p = PlaceOf(x);
    if (p >= 0 && a_.place < 0) {
      a_.place = p;
      a_.place_path = path;
      const Place& place = c_.doc.places[p];
      const uint32_t t = tree_.word(x).token;
      a_.place_is_slot = t >= place.first_token && t < place.first_token + place.token_count;
    }
  }

  // --- Verbs -------------------------------------------------------------------
  // The source of a verb: its subject (active) or its agent (passive).
  void Sources(uint32_t w) {
    std::vector<uint32_t> words;
    if (a_.passive) {
      tree_.Dependents(w, "subj", &words);  // the agent
      for (uint32_t x : words) AddActor(x, "agent", &a_.sources);
      return;
    }
    std::string how;
    tree_.Subjects(w, &words, &how);
    for (uint32_t x : words) AddActor(x, how + "subj", &a_.sources);
  }

  // The target of a verb: its object (the subject in the passive), else what
  // a target preposition introduces.
  void Targets(uint32_t w, const std::string& prefix) {
    std::vector<uint32_t> words;
    if (a_.passive) {
      std::string how;
      tree_.Subjects(w, &words, &how);
      if (words.empty()) tree_.Dependents(w, "obj", &words);  // "300 membres tués"
      for (uint32_t x : words) AddActorOrPlace(x, prefix + how + "subj (passive)", &a_.targets);
    } else {
      tree_.Dependents(w, "obj", &words);
      for (uint32_t x : words) AddActorOrPlace(x, prefix + "obj", &a_.targets);
    }
    if (!a_.targets.empty()) return;
    // "demanded that Hamas release the hostages": the one asked is the
    // subject of the clause asked for.
    if (!a_.passive)
      for (uint32_t ch : tree_.children(w))
        if (tree_.base(ch) == "ccomp")
          for (uint32_t g : tree_.children(ch))
            if (tree_.base(g) == "nsubj") AddActor(g, prefix + "ccomp/subj", &a_.targets);
    if (!a_.targets.empty()) return;
    ActorsBy(w, c_.cues.target, prefix, &a_.targets, /*or_place=*/true);
  }

  // --- Nouns -------------------------------------------------------------------
  void NounArguments(uint32_t w, bool source_slot, bool target_slot) {
    // Which preposition names the victim: "TGT=of" in the pattern.
    std::string target_prep;
    for (const LexiconItem& item : p_.items)
      if (item.kind == LexiconItem::Kind::kSlot && item.slot == Slot::kTarget && item.path.size() == 1)
        for (const std::string& f : item.path[0])
          if (!IsFunctionName(f)) target_prep = f;
    std::vector<uint32_t> words;
    if (!source_slot) {
      ActorsBy(w, {"poss", "amod", "compound", "by", "par"}, "", &a_.sources, /*or_place=*/false);
      // "entre X et Y", "between X and Y": the first is the source, the
      // others the targets.
      for (const char* prep : {"between", "entre"}) {
        words.clear();
        tree_.Dependents(w, prep, &words);
        for (uint32_t x : words) {
          ArgumentRef ref;
          ref.path = prep;
          if (ActorOf(x, &ref)) a_.sources.push_back(ref);
          for (uint32_t y : tree_.children(x))
            if (tree_.rel(y) == "conj") {
              ArgumentRef other;
              other.path = std::string(prep) + "+conj";
              if (ActorOf(y, &other)) a_.targets.push_back(other);
            }
        }
      }
    }
    // A support verb: "launched an offensive", "ont mené des raids", "des
    // raids menés par l'aviation".
    const int32_t h = tree_.head(w);
    if (h >= 0) {
      const uint32_t hu = static_cast<uint32_t>(h);
      const std::string_view r = tree_.rel(w);
      if ((r == "obj" || r == "nsubj:pass") && c_.Cue(c_.cues.support, tree_, hu)) {
        a_.clause = h;
        a_.supported = true;
        // "Russia is conducting military exercises": "military" says what
        // kind of exercise; the subject of the support verb is the doer.
        if (!source_slot && (a_.sources.empty() || OnlyKinds(a_.sources))) {
          const bool passive = tree_.passive(hu);
          std::vector<uint32_t> subjects;
          std::vector<ArgumentRef> doers;
          std::string how;
          if (passive) tree_.Dependents(hu, "subj", &subjects);
          else tree_.Subjects(hu, &subjects, &how);
          for (uint32_t x : subjects) AddActor(x, "support:" + tree_.lemma(hu) + " " + how + (passive ? "agent" : "subj"), &doers);
          if (!doers.empty()) a_.sources = std::move(doers);
        }
        if (!target_slot) {
          ActorsBy(hu, c_.cues.target, "support:" + tree_.lemma(hu) + " ", &a_.targets, /*or_place=*/true);
        }
      } else if (tree_.base(w) == "nsubj" || tree_.base(w) == "obl" || tree_.base(w) == "obj") {
        a_.clause = h;  // "the attack killed", "lors de l'attaque"
      }
    }
    for (uint32_t ch : tree_.children(w)) {
      if (tree_.rel(ch) != "acl" || !c_.Cue(c_.cues.support, tree_, ch) || !tree_.passive(ch)) continue;
      words.clear();
      tree_.Dependents(ch, "subj", &words);
      if (!source_slot && a_.sources.empty())
        for (uint32_t x : words) AddActor(x, "support:" + tree_.lemma(ch) + " agent", &a_.sources);
    }
    if (!target_slot) {
      ActorsBy(w, c_.cues.target, "", &a_.targets, /*or_place=*/true);
    }
    // "of"/"de": the victim when the pattern says so, else the doer
    // ("l'attaque des jihadistes", "the shelling of Aleppo" is a place).
    for (const char* prep : {"of", "de"}) {
      words.clear();
      tree_.Dependents(w, prep, &words);
      for (uint32_t x : words) {
        if (prep == target_prep || (!target_slot && !a_.sources.empty())) continue;
        if (!source_slot && a_.sources.empty()) AddActor(x, prep, &a_.sources);
        if (a_.place < 0) SetPlace(x, prep);
      }
    }
    // The toll of the event: "Russian strikes killed dozens of fighters".
    if (candidate_.event_head >= 0 && a_.targets.empty() && !target_slot) {
      a_.clause = candidate_.event_head;
      const bool saved = a_.passive;
      a_.passive = tree_.passive(static_cast<uint32_t>(candidate_.event_head));
      Targets(static_cast<uint32_t>(candidate_.event_head), tree_.lemma(static_cast<uint32_t>(candidate_.event_head)) + " ");
      a_.passive = saved;
    }
  }

  // Sources that are all a bare sector named by an adjective or a compound
  // of the noun ("military exercises", "police raids"): no country, no
  // group, so they may be the kind of the act rather than its doer.
  bool OnlyKinds(const std::vector<ArgumentRef>& side) const {
    for (const ArgumentRef& r : side) {
      const Mention& m = c_.doc.mentions[r.mention];
      if (m.kind != MentionKind::kSector || (r.path != "amod" && r.path != "compound")) return false;
    }
    return true;
  }

  // --- Places ---------------------------------------------------------------------
  void Locatives(uint32_t w) {
    std::vector<uint32_t> words;
    for (uint32_t ch : tree_.children(w)) {
      const std::string_view b = tree_.base(ch);
      if (b != "obl" && b != "nmod" && b != "advmod") continue;
      const std::string& prep = tree_.preposition(ch);
      if (prep.empty() || c_.cues.locative.count(prep) == 0) continue;
      SetPlace(ch, prep);
      if (a_.place >= 0) return;
    }
  }

  const CodeContext& c_;
  const SentenceTree& tree_;
  const Candidate& candidate_;
  const LexiconPattern& p_;
  Arguments a_;
  std::vector<uint32_t> phrase_;
};

}  // namespace

Arguments FindArguments(const CodeContext& c, const SentenceTree& tree, const Candidate& candidate) {
  return ArgumentFinder(c, tree, candidate).Find();
}

}  // namespace vigie
