// From vigie's tokens to UD's syntactic words: the contractions of
// data/parse/words.txt ("du" = "de" + "le"), some only after a word of a
// given part of speech.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/data_file.h"
#include "doc/document.h"

namespace vigie::parse {

struct Contraction {
  std::vector<std::pair<std::string, Pos>> words;
  std::vector<std::string> lemmas;  // of each word: its form unless the file gives one
  uint32_t after = 0;  // PosBit mask; 0: always split
  std::string rule;    // file:line
};

class Contractions {
 public:
  static Result<std::shared_ptr<const Contractions>> Load(const DataSource& read);
  // The contraction a lower-case token form is, in a language, or nullptr.
  const Contraction* Find(const std::string& lang, const std::string& lower) const;

 private:
  std::map<std::string, std::map<std::string, Contraction>> by_lang_;
};

}  // namespace vigie::parse
