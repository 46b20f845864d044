// The event lexicon; see lexicon.h.
#include "code/lexicon.h"

#include <algorithm>
#include <array>

#include "base/utf8.h"

namespace vigie {

namespace {

constexpr std::string_view kFunctions[] = {"subj", "obj", "iobj", "xcomp", "ccomp", "amod",
                                           "compound", "nmod", "poss", "advmod", "head", "nummod"};

constexpr std::string_view kTypes[] = {"ACTOR", "STATE", "GROUP", "ARMED", "PLACE", "GOV", "MIL", "COP", "REB",
                                       "OPP", "PRO", "CVL", "REF", "PTY", "JUD", "MED", "SPY", "LEG"};

// The parts of a text between separators, empty ones included:
//   Parts parts(text, '|');
//   for (std::string_view part; parts.Next(&part);) ...
class Parts {
 public:
  Parts(std::string_view text, char by) : text_(text), by_(by) {}
  bool Next(std::string_view* part) {
    if (done_) return false;
    const size_t e = text_.find(by_, pos_);
    if (e == std::string_view::npos) {
      *part = text_.substr(pos_);
      done_ = true;
    } else {
      *part = text_.substr(pos_, e - pos_);
      pos_ = e + 1;
    }
    return true;
  }

 private:
  std::string_view text_;
  char by_;
  size_t pos_ = 0;
  bool done_ = false;
};

// The words of a line (between spaces and tabs), into *out.
void Words(std::string_view text, std::vector<std::string_view>* out) {
  out->clear();
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t e = i;
    while (e < text.size() && text[e] != ' ' && text[e] != '\t') ++e;
    if (e > i) out->push_back(text.substr(i, e - i));
    i = e;
  }
}

// No capital and none of the format's signs: a word as the lexicon writes
// words and relations.
constexpr auto kNotInAWord = [] {
  std::array<bool, 256> no{};
  for (int c = 'A'; c <= 'Z'; ++c) no[c] = true;
  for (unsigned char c : std::string_view("=!/|#")) no[c] = true;
  return no;
}();

bool LowerWord(std::string_view w) {
  if (w.empty()) return false;
  for (unsigned char c : w)
    if (kNotInAWord[c]) return false;
  return true;
}

}  // namespace

std::string_view SlotName(Slot s) {
  switch (s) {
    case Slot::kSource: return "SRC";
    case Slot::kTarget: return "TGT";
    case Slot::kPlace: return "LOC";
    case Slot::kNone: break;
  }
  return "";
}

bool IsFunctionName(std::string_view name) {
  return std::find(std::begin(kFunctions), std::end(kFunctions), name) != std::end(kFunctions);
}

Result<EventLexicon> EventLexicon::Read(const DataSource& read, const std::string& relative) {
  return ReadWith(read, relative, nullptr);
}

Result<EventLexicon> EventLexicon::ReadKinds(const DataSource& read, const std::string& relative,
                                             const std::vector<std::string>& kinds) {
  return ReadWith(read, relative, &kinds);
}

Result<EventLexicon> EventLexicon::ReadWith(const DataSource& read, const std::string& relative,
                                            const std::vector<std::string>* kinds) {
  EventLexicon lexicon;
  std::vector<std::string_view> words;  // of the line; keeps its room
  Status s = read(relative, [&](const DataLine& line) -> Status {
    Words(line.text, &words);
    if (words.size() < 2) return line.Error("expected: code, trigger, items");
    LexiconPattern p;
    p.code = std::string(words[0]);
    if (kinds != nullptr) {
      if (std::find(kinds->begin(), kinds->end(), p.code) == kinds->end())
        return line.Error("'" + p.code + "' is not a kind of this lexicon");
    } else if (p.code.size() < 2 || p.code.size() > 4 ||
               p.code.find_first_not_of("0123456789") != std::string::npos) {
      return line.Error("'" + p.code + "' is not a CAMEO code (2 to 4 digits)");
    }
    p.where = line.Where();

    // The trigger: lemma[/n|/a], "se_" first for a pronominal verb, "_"
    // before a particle.
    std::string_view trigger = words[1];
    p.text = std::string(trigger);
    const size_t slash = trigger.find('/');
    if (slash != std::string_view::npos) {
      std::string_view tag = trigger.substr(slash + 1);
      if (tag == "n") p.pos = TriggerPos::kNoun;
      else if (tag == "a") p.pos = TriggerPos::kAdjective;
      else if (tag == "v") p.pos = TriggerPos::kVerb;
      else return line.Error("'/" + std::string(tag) + "' is not a part of speech (n, a or v)");
      trigger = trigger.substr(0, slash);
    }
    if (trigger.starts_with("se_") || trigger.starts_with("s'")) {
      p.reflexive = true;
      trigger.remove_prefix(trigger.starts_with("se_") ? 3 : 2);
    }
    const size_t underscore = trigger.find('_');
    if (underscore != std::string_view::npos) {
      p.particle = utf8::Fold(trigger.substr(underscore + 1));
      trigger = trigger.substr(0, underscore);
      if (p.particle.empty() || p.particle.find('_') != std::string::npos)
        return line.Error("a trigger holds one word and at most one particle: '" + p.text + "'");
    }
    if (!LowerWord(trigger)) return line.Error("the trigger '" + p.text + "' is not a lower-case lemma");
    p.lemma = utf8::Fold(trigger);
    if (p.reflexive && p.pos != TriggerPos::kVerb) return line.Error("only a verb is pronominal");
    if (!p.particle.empty()) p.specificity += 100;
    if (p.reflexive) p.specificity += 100;

    for (size_t i = 2; i < words.size(); ++i) {
      std::string_view w = words[i];
      LexiconItem item;
      item.text = std::string(w);
      const size_t eq = w.find('=');
      std::string_view left = eq == std::string_view::npos ? w : w.substr(0, eq);
      std::string_view right = eq == std::string_view::npos ? std::string_view() : w.substr(eq + 1);
      std::string_view path;
      if (left == "src" || left == "tgt" || left == "loc")
        return line.Error("slot names are written in capitals: SRC, TGT, LOC");
      if (left == "SRC" || left == "TGT" || left == "LOC") {
        item.kind = LexiconItem::Kind::kSlot;
        item.slot = left == "SRC" ? Slot::kSource : left == "TGT" ? Slot::kTarget : Slot::kPlace;
        if (right.empty()) return line.Error("'" + item.text + "': a slot needs a relation (TGT=obj)");
        if (right == "-") {  // "TGT=-": the slot stays empty
          p.items.push_back(std::move(item));
          continue;
        }
        path = right;
      } else {
        if (left.starts_with("!")) {
          item.kind = LexiconItem::Kind::kForbid;
          left.remove_prefix(1);
        }
        path = left;
        if (eq != std::string_view::npos) {
          item.words.reserve(static_cast<size_t>(std::count(right.begin(), right.end(), '|')) + 1);
          Parts alternatives(right, '|');
          for (std::string_view a; alternatives.Next(&a);) {
            if (a.starts_with("@")) {
              if (std::find(std::begin(kTypes), std::end(kTypes), a.substr(1)) == std::end(kTypes))
                return line.Error("'" + item.text + "': '" + std::string(a) + "' is not an actor type (@ACTOR, @STATE, @GROUP, @ARMED, @PLACE or a sector: @MIL, @GOV, ...)");
              item.words.push_back(std::string(a));
              continue;
            }
            if (!LowerWord(a)) return line.Error("'" + item.text + "': '" + std::string(a) + "' is not a lower-case word");
            item.words.push_back(utf8::Fold(a));
          }
        }
      }
      Parts hops(path, '/');
      item.path.reserve(static_cast<size_t>(std::count(path.begin(), path.end(), '/')) + 1);
      for (std::string_view hop; hops.Next(&hop);) {
        std::vector<std::string> alternatives;
        alternatives.reserve(static_cast<size_t>(std::count(hop.begin(), hop.end(), '|')) + 1);
        Parts parts(hop, '|');
        for (std::string_view a; parts.Next(&a);) {
          if (!LowerWord(a)) {
            if (a == "src" || a == "tgt" || a == "loc")
              return line.Error("slot names are written in capitals: SRC, TGT, LOC");
            return line.Error("'" + item.text + "': '" + std::string(a) +
                              "' is neither a relation nor a preposition");
          }
          alternatives.push_back(utf8::Fold(a));
        }
        item.path.push_back(std::move(alternatives));
      }
      // A condition that must hold says more than one that must not: a
      // positive condition outweighs any number of guards.
      if (item.kind == LexiconItem::Kind::kRequire) p.specificity += item.words.empty() ? 100 : 120;
      if (item.kind == LexiconItem::Kind::kForbid) p.specificity += 1;
      p.items.push_back(std::move(item));
    }
    const uint32_t index = static_cast<uint32_t>(lexicon.patterns_.size());
    lexicon.by_lemma_[p.lemma].push_back(index);
    lexicon.patterns_.push_back(std::move(p));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  for (auto& [lemma, list] : lexicon.by_lemma_)
    std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return lexicon.patterns_[a].specificity > lexicon.patterns_[b].specificity;
    });
  return lexicon;
}

}  // namespace vigie
