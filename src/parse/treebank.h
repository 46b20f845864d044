// Sentences of a Universal Dependencies treebank, read from and written to
// CoNLL-U (plain or gzip-compressed).
//
// A sentence is its syntactic words (the rows with an integer ID) plus the
// multiword tokens that group some of them ("du" = "de" + "le"), so the
// surface text can be rebuilt. Empty nodes (IDs like "8.1") and enhanced
// dependencies are skipped: vigie parses basic trees.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "doc/document.h"

namespace vigie::parse {

struct TreebankWord {
  std::string form;
  std::string lemma;
  Pos pos = Pos::kX;
  int head = 0;          // 1-based; 0 for the root
  std::string deprel;    // as written, with its subtype
  bool space_after = true;
};

struct MultiwordToken {
  int first = 0, last = 0;  // 1-based word IDs, inclusive
  std::string form;
};

struct TreebankSentence {
  std::string id;  // "# sent_id"
  std::vector<TreebankWord> words;
  std::vector<MultiwordToken> multiword;
};

// Reads every sentence of a CoNLL-U file; a malformed line is an error
// naming file:line.
Result<std::vector<TreebankSentence>> ReadConllu(const std::string& path);
Result<std::vector<TreebankSentence>> ParseConllu(const std::string& name, std::string_view text);

// True when no two arcs cross.
bool IsProjective(const std::vector<int>& heads);
// Lifts crossing arcs to their head's head (Nivre and Nilsson's
// pseudo-projective lifting, without encoding the lift in the label) until
// the tree is projective. heads are 1-based with 0 for the root.
std::vector<int> Projectivize(std::vector<int> heads);

}  // namespace vigie::parse
