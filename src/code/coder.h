// The event coder's steps and what they hand each other. Per sentence:
//
//   match.cc        triggers of the lexicon whose conditions hold in the
//                   tree -> Candidates (one per trigger word, the most
//                   specific pattern; a noun absorbed by the verb that
//                   governs it is dropped)
//   arguments.cc    a candidate's sources, targets and place, from the
//                   pattern's slots or the grammar's defaults (voice,
//                   support verbs, control, coordination, relative clauses,
//                   pronouns) -> Arguments
//   modality.cc     negation, denial, conditionals, and intent or threat
//                   ("agreed to withdraw" is an intent) -> Framing
//   attribution.cc  who says so: a reporting verb above the trigger,
//                   "selon X", "according to X" -> Attribution
//   assemble.cc     the Event with its evidence, place, date and claims;
//                   then the article's events told twice become one
//   acled_types.cc  ACLED types from the actors and the weapon named
//
// The steps share the read-only CodeKnowledge and the DocumentIndex (which
// mention or place each token belongs to); none calls another step.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "code/acled_types.h"
#include "code/codebook.h"
#include "code/lexicon.h"
#include "code/tree.h"

namespace vigie {

// The cue words of data/code/cues.txt, per language, folded.
struct CodeCues {
  std::unordered_set<std::string> report, according, negator, denial, hedge, anaphor, member, locative,
      in_country, support, result, target, intent, threat, refusal, allegation, implicative, relative, future, directive,
      symmetric, measure, cessation, possessive;
};

// data/code/intent.txt: the code an intent, a threat or a refusal of an act
// takes, by the act's code prefix (the longest wins).
struct IntentTable {
  std::map<std::string, std::string> intent, threat, refusal;
  // "" when neither class nor a root rule covers the act.
  std::string Code(bool threat_class, const std::string& act) const;
  std::string Refusal(const std::string& act) const;
};

struct CodeKnowledge {
  std::shared_ptr<const Codebook> codebook;
  std::map<std::string, EventLexicon> lexicons;  // by language
  std::map<std::string, EventLexicon> hazards;   // by language: disasters and accidents (no CAMEO code)
  std::map<std::string, CodeCues> cues;          // by language
  IntentTable intents;
  AcledRules acled;

  static Result<std::shared_ptr<const CodeKnowledge>> Load(const std::string& data_dir);
  static Result<std::shared_ptr<const CodeKnowledge>> Make(const DataSource& read);
};

// Which mention and place each token belongs to, and the actors named so
// far, for pronouns.
class DocumentIndex {
 public:
  DocumentIndex(const Document& doc, const CodeCues& cues);
  int32_t mention_at(uint32_t token) const { return mention_at_[token]; }
  int32_t place_at(uint32_t token) const { return place_at_[token]; }
  // The document's places are in text order (by first token).
  bool places_sorted() const { return places_sorted_; }
  // The last actor named before token t that a pronoun or "le groupe" may
  // stand for (a group for a group noun); never a country named as a place,
  // and a speaker only with `speakers` ("the ministry said its jets").
  int32_t Antecedent(uint32_t t, bool group_only, bool speakers = false) const;
  // A country named as a place ("en Syrie", "in Syria") is no actor.
  bool IsPlaceName(int32_t mention) const { return place_name_[mention]; }
  void AddSpeaker(int32_t mention) { speakers_.insert(mention); }

 private:
  std::vector<int32_t> mention_at_, place_at_;
  std::vector<bool> place_name_;  // per mention
  bool places_sorted_ = true;
  std::unordered_set<int32_t> speakers_;
  // Where each mention a pronoun may stand for ends, in mention order:
  // every such actor, and the groups among them.
  struct Ending {
    uint32_t end;
    int32_t mention;
  };
  std::vector<Ending> actors_, groups_;
  bool ends_sorted_ = true;
};

// The words of a token folded, and the lookups every step makes.
struct CodeContext {
  const Document& doc;
  const CodeKnowledge& knowledge;
  const EventLexicon& lexicon;
  const CodeCues& cues;
  DocumentIndex& index;
  FoldCache& fold;
  bool Cue(const std::unordered_set<std::string>& set, const SentenceTree& tree, uint32_t w) const {
    return set.count(tree.lemma(w)) != 0 || set.count(tree.form(w)) != 0;
  }
};

// --- match.cc -----------------------------------------------------------
struct Candidate {
  const LexiconPattern* pattern = nullptr;
  uint32_t trigger = 0;          // the trigger word
  std::vector<uint32_t> words;   // the trigger and the words its conditions matched
  int32_t event_head = -1;       // a verb that governs this noun trigger and whose toll it is
};
std::vector<Candidate> MatchSentence(const CodeContext& c, const SentenceTree& tree);
// The words reached from w along an item's path whose lemma is one of the
// item's words (any word when it names none).
// "@MIL" and the other actor types match a word whose phrase names one.
void FollowPath(const SentenceTree& tree, const DocumentIndex* index, uint32_t w, const LexiconItem& item,
                std::vector<uint32_t>* out);

// --- arguments.cc ---------------------------------------------------------
struct ArgumentRef {
  int32_t mention = -1;   // Document::mentions
  int32_t anaphor = -1;   // the pronoun token that named it, or -1
  std::string path;       // how it was found: "subj", "obj/of", "support:launch subj"
};
struct Arguments {
  std::vector<ArgumentRef> sources, targets;
  int32_t place = -1;     // Document::places
  std::string place_path;
  bool place_is_slot = false;  // the slot's word is the place ("visited France"), not in its phrase
  bool passive = false;
  int32_t clause = -1;    // the verb whose clause holds the event (the trigger, or its support verb)
  bool supported = false; // a noun trigger carried by a support verb ("staged a protest")
};
Arguments FindArguments(const CodeContext& c, const SentenceTree& tree, const Candidate& candidate);

// --- modality.cc ----------------------------------------------------------
struct Framing {
  Modality modality = Modality::kAsserted;  // kNegated or kHypothetical, else asserted
  std::string code;          // the code after intent or threat, else the pattern's
  std::string intended;      // the act's own code when the event is an intent or a threat
  std::string why;           // the cue: "negated by 'not'", "intent by 'agree'"
  int32_t governor = -1;     // the intent verb, whose subject is the source
  // "the minister said Libya must hand over the suspects": a demand by the
  // speaker (code 100) on the act's doer, who becomes the target.
  bool demanded_by_speaker = false;
};
Framing FindFraming(const CodeContext& c, const SentenceTree& tree, const Candidate& candidate,
                    int32_t clause);

// --- attribution.cc ---------------------------------------------------------
struct Attribution {
  std::string speaker;       // as written, or ""
  int32_t mention = -1;
  Evidence evidence;
  std::string verb;          // the reporting verb's lemma ("say", "claim"), "" for "according to"
};
Attribution FindAttribution(const CodeContext& c, const SentenceTree& tree, uint32_t clause);

// --- assemble.cc ------------------------------------------------------------
// Builds the events of one candidate (one per source and target pair) and
// appends them to doc.events.
void AssembleEvents(const CodeContext& c, const SentenceTree& tree, const Candidate& candidate,
                    const Arguments& arguments, const Framing& framing,
                    const Attribution& attribution, Document& doc);
// The counts of a sentence become claims of its nearest event.
void AttachClaims(Document& doc, uint32_t sentence, size_t first_event);
// The same event told several times in an article is one event.
void MergeArticleEvents(Document& doc);

}  // namespace vigie
