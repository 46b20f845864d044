// Word readings: the lexicons vigie writes itself (data/morph/<lang>.lexicon.txt)
// and the parsing of Hunspell's morphological analyses into the same form.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"
#include "doc/document.h"

namespace vigie {

struct Reading {
  std::string lemma;
  Pos pos = Pos::kX;
  // A reading news text seldom means: a verb form of the first or second
  // person only ("avions" as "we had", "combats" as "you fight").
  bool rare = false;
  // A finite verb of the third person ("dit" as "says"), not a participle.
  bool finite = false;
};

// Key used for look-ups: lower case, with ’ and ʼ written as '.
std::string LexiconKey(std::string_view form);

// Parses "NOUN|VERB"; false on an unknown tag.
bool ParsePosList(std::string_view text, std::vector<Pos>* out);

class Lexicon {
 public:
  // Loads data_dir/relative ("morph/fr.lexicon.txt").
  static Result<std::shared_ptr<const Lexicon>> Load(const std::string& data_dir,
                                                     const std::string& relative);
  static Result<std::shared_ptr<const Lexicon>> FromText(std::string_view file,
                                                         std::string_view text);
  // Readings of a form, most likely first; nullptr if unlisted.
  const std::vector<Reading>* Find(std::string_view form) const;
  size_t size() const { return entries_.size(); }

 private:
  static Result<std::shared_ptr<const Lexicon>> Build(const DataSource& read,
                                                      const std::string& relative);
  std::unordered_map<std::string, std::vector<Reading>> entries_;
};

// Readings from Hunspell's analyses (" st:tuer po:v1_it_q_zz po:ppas ..."),
// in Hunspell's order; English analyses carry no part of speech, only an
// affix flag (fl:D past, fl:G -ing, fl:S plural or third person).
// A prefixed analysis ("fl:E st:place fl:D" for "displaced") keeps its
// prefix in the lemma ("displace").
std::vector<Reading> ReadingsFromHunspell(std::string_view form,
                                          const std::vector<std::string>& analyses);

}  // namespace vigie
