// Tokens with byte spans, for French and English news text.
//
// Words keep internal hyphens and apostrophes ("avions-bombardiers",
// "aujourd’hui") except where a clitic is split off: French elisions
// ("l’", "qu’", with either apostrophe), French enclitics ("-t-il") and
// English suffixes ("'s", "n't"), all listed in data/segment/clitics.txt.
// Numbers are kept whole with their value: "1 000" (space or no-break
// space), "9.364" and "1.017" (French thousands), "2,5" (French decimal),
// "1,200.5" (English). A period belongs to a word only for listed
// abbreviations ("M."), initials ("J.") and dotted acronyms ("U.S.").
#pragma once

#include <string_view>
#include <vector>

#include "doc/document.h"
#include "segment/segment_knowledge.h"

namespace vigie {

// Appends the tokens of text[span) to *out. `lang` selects number style.
void Tokenize(std::string_view text, Span span, std::string_view lang,
              const LanguageSegmentation& rules, std::vector<Token>* out);

// Reads a number starting at text[pos] (a digit). Returns its end, or pos
// when there is none, and its value in *value.
size_t ScanNumber(std::string_view text, size_t pos, size_t end, std::string_view lang,
                  double* value);

}  // namespace vigie
