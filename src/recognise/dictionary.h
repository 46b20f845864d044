// The actor dictionary: every name vigie recognises, compiled into two
// byte tries — one over folded names (lower case, no accents, ’ as ') and
// one over acronyms written in capitals, which match only as written
// ("EI", "IS", "OSDH"). Country names come from ICU's CLDR data in French
// and English; demonyms, sectors, armed groups and organisations from
// data/recognise/. Immutable once built, shared by all threads.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"
#include "doc/document.h"

namespace vigie {

// One office a person held: whom they acted for, as what, and when.
struct Office {
  MentionKind kind;     // of the affiliation: kActor (a state), kGroup, kOrganisation
  std::string id;       // ISO3, group id or organisation id
  std::string country;  // ISO3 or empty
  std::string sector;   // GOV, MIL, REB, IGO...
  std::string from, to; // YYYY-MM-DD, both inclusive ("0000-01-01", "9999-12-31" when open)
  std::string where;    // "recognise/people/americas.txt:12"
};

struct ActorEntry {
  MentionKind kind;
  std::string id;       // ISO3, group id, organisation id, or sector code
  std::string country;  // ISO3 or empty
  std::string sector;   // or empty
  std::string name;     // the name as listed
  std::string where;    // "recognise/groups.txt:12" or "icu:cldr/fr"
  // A person (recognise/people/): the offices, in the order listed, and the
  // folded surname (the last word of the first name) that names them once
  // the article has named them in full.
  std::vector<Office> offices = {};
  std::string surname = {};
  // Names of a group written "RSF?" in groups.txt: they count only in an
  // article that holds one of these folded words or phrases ("soudan",
  // "el fasher"; "soudan*" is any word that begins so). Empty: no condition.
  std::vector<std::string> context = {};
  bool person() const { return !offices.empty(); }
};

// What a person stood for on a day (YYYY-MM-DD, or empty for "today"):
// the first office that holds the day; after every office, the last one's
// affiliation as a former official (ELI); before the first, its
// affiliation with no sector. With no day, the office that began last.
Office OfficeOn(const ActorEntry& person, std::string_view day);

class Trie {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t Root() const { return 0; }
  // The child of node by byte b, or kNone. Edges of a node are contiguous
  // and sorted once the trie is frozen; most nodes have one or two.
  // The root, which every look-up leaves, has an edge for most first bytes:
  // a table of 256; a node with many edges is searched by halves.
  uint32_t Step(uint32_t node, unsigned char b) const {
    if (node == kNone) return kNone;
    if (node == 0) return root_[b];
    const Edge* e = edges_.data() + first_edge_[node];
    const Edge* end = edges_.data() + first_edge_[node + 1];
    if (end - e > 8) e = std::lower_bound(e, end, b, [](const Edge& x, unsigned char y) { return x.byte < y; });
    for (; e != end && e->byte <= b; ++e)
      if (e->byte == b) return e->child;
    return kNone;
  }
  // Values of the names that end at node (empty if none): an entry index
  // times two, plus one when the name is a capitalised proper noun
  // ("Turkey") and so matches only capitalised text (not "turkey"), in the
  // order they were inserted, each once.
  std::span<const uint32_t> Values(uint32_t node) const {
    return {values_.data() + first_value_[node], values_.data() + first_value_[node + 1]};
  }
  // Keys are gathered, then laid out by Freeze, once, after the last Insert:
  // sorted, so that the trie is built in one pass without a node map.
  void Insert(std::string_view key, uint32_t value);
  void Freeze();

 private:
  struct Edge {
    unsigned char byte;
    uint32_t child;
  };
  struct Key {
    uint32_t at, size, value, order;  // the bytes in keys_, insertion order
  };
  std::string keys_;
  std::vector<Key> pending_;
  std::vector<Edge> edges_;
  std::vector<uint32_t> first_edge_ = {0, 0};
  std::array<uint32_t, 256> root_ = MakeEmptyRoot();  // the root's edges by byte
  static std::array<uint32_t, 256> MakeEmptyRoot() {
    std::array<uint32_t, 256> r;
    r.fill(kNone);
    return r;
  }
  std::vector<uint32_t> values_;
  std::vector<uint32_t> first_value_ = {0, 0};
};

class ActorDictionary {
 public:
  static Result<std::shared_ptr<const ActorDictionary>> Load(const std::string& data_dir);
  // From knowledge-file texts in memory (tests, fuzzing), keyed by relative
  // name ("recognise/groups.txt"); a missing file is empty.
  static Result<std::shared_ptr<const ActorDictionary>> FromTexts(
      const std::map<std::string, std::string>& files);

  const ActorEntry& entry(uint32_t i) const { return entries_[i]; }
  size_t size() const { return entries_.size(); }
  const Trie& folded() const { return folded_; }
  const Trie& exact() const { return exact_; }

  // The folded key of a name or a token ("L’Armée" -> "l'armee").
  static std::string Fold(std::string_view s);
  // True for names matched only as written: two or more letters, all capitals.
  static bool IsAcronym(std::string_view s);

 private:
  static Result<std::shared_ptr<const ActorDictionary>> Build(const DataSource& read);
  void AddName(uint32_t entry, std::string_view name);
  Status AddCountriesFromIcu();
  Status ParseNames(const DataLine& line, size_t field, uint32_t entry,
                    uint32_t context_entry = UINT32_MAX);
  Status AddGroup(const DataLine& line);
  Status AddPerson(const DataLine& line, std::map<std::string, uint32_t>& people,
                   const std::map<std::string, uint32_t, std::less<>>& affiliations);

  std::vector<ActorEntry> entries_;
  Trie folded_, exact_;
};

}  // namespace vigie
