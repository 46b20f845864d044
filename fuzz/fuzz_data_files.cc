// Fuzz target: the readers of vigie's knowledge files.
//
// The bytes are fed as the text of each data file in turn, the other files
// of a set being small valid ones: extract/boilerplate.txt, agencies.txt
// and bylines.txt (ExtractKnowledge::FromText), segment/abbreviations.txt
// and clitics.txt (SegmentKnowledge::FromText), and a morph lexicon
// (Lexicon::FromText), the actor dictionary (groups, sectors), the
// codebook (code/cameo.txt, plover.txt, acled.txt, mapping.txt), the time
// stage's words and patterns and the quantity stage's number, qualifier and
// noun lists (through DataInMemory). Each must come back with a status, never crash; a
// refusal must be kBadDataFile. Accepted knowledge is then used once on a
// few lines so its matchers run too.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "code/codebook.h"
#include "code/lexicon.h"
#include "extract/knowledge.h"
#include "fuzz/fuzz_check.h"
#include "morph/lexicon.h"
#include "quantity/quantity_knowledge.h"
#include "recognise/dictionary.h"
#include "segment/segment_knowledge.h"
#include "time/time_knowledge.h"

namespace {

constexpr std::string_view kBoilerplate =
    "consent  (dépôt|utilisation) de(s)? cookies\n"
    "read_more  ^lire aussi\n";
constexpr std::string_view kAgencies =
    "AFP  Agence France-Presse  AFP|Agence France-Presse\n"
    "Reuters  Reuters  Reuters|Thomson Reuters\n";
constexpr std::string_view kBylines =
    "byline  ^(?i:par|by)\\s+(?P<author>[A-Z][a-z.' -]{1,50})$\n"
    "byline  ^[(-]?\\s*(?P<agency>{agency})\\s*\\)?$\n"
    "dateline  ^[A-Z][A-Za-z .'-]{1,40}\\s*\\((?P<agency>{agency})\\)\\s*[-:]\n";
constexpr std::string_view kAbbreviations = "fr  M.\nen  Mr.\n";
constexpr std::string_view kClitics =
    "fr  elision  l\nfr  enclitic  -t-il\nen  suffix  n't\n";

constexpr std::string_view kSampleLines[] = {
    "Lire aussi : la suite",
    "Par Jeanne Martin",
    "PARIS (AFP) - Le gouvernement a annoncé",
    "(Reuters)",
    "En cliquant, vous acceptez le dépôt de cookies",
};

void Expect(const vigie::Status& s) {
  VIGIE_FUZZ_CHECK(s.ok() || s.code() == vigie::ErrorCode::kBadDataFile);
  VIGIE_FUZZ_CHECK(s.ok() || !s.message().empty());
}

void TryExtract(std::string_view boilerplate, std::string_view agencies,
                std::string_view bylines, std::string_view sample) {
  auto k = vigie::ExtractKnowledge::FromText(boilerplate, agencies, bylines);
  if (!k.ok()) {
    Expect(k.status());
    return;
  }
  const vigie::ExtractKnowledge& knowledge = **k;
  vigie::BylineMatch match;
  for (std::string_view line : kSampleLines) {
    knowledge.MatchBoilerplate(line);
    knowledge.MatchByline(line, &match);
    knowledge.MatchDateline(line, &match);
  }
  knowledge.MatchBoilerplate(sample);
  knowledge.MatchByline(sample, &match);
  knowledge.MatchDateline(sample, &match);
  knowledge.AgencyId("AFP");
  knowledge.AgencyId(sample);
}

void TrySegment(std::string_view abbreviations, std::string_view clitics) {
  auto k = vigie::SegmentKnowledge::FromText(abbreviations, clitics);
  if (!k.ok()) {
    Expect(k.status());
    return;
  }
  for (std::string_view lang : {"fr", "en", "de", ""}) {
    const vigie::LanguageSegmentation& rules = (*k)->For(lang);
    for (size_t i = 1; i < rules.enclitics.size(); ++i)
      VIGIE_FUZZ_CHECK(rules.enclitics[i - 1].size() >= rules.enclitics[i].size());
    for (size_t i = 1; i < rules.suffixes.size(); ++i)
      VIGIE_FUZZ_CHECK(rules.suffixes[i - 1].size() >= rules.suffixes[i].size());
    for (const std::string& a : rules.abbreviations) VIGIE_FUZZ_CHECK(a.ends_with("."));
  }
}

void TryLexicon(std::string_view text, std::string_view sample) {
  auto lex = vigie::Lexicon::FromText("morph/fuzz.lexicon.txt", text);
  if (!lex.ok()) {
    Expect(lex.status());
    return;
  }
  (*lex)->Find("l’");
  (*lex)->Find(sample);
}

void TryActors(const std::string& text) {
  for (const char* name : {"recognise/groups.txt", "recognise/sectors.txt"}) {
    auto d = vigie::ActorDictionary::FromTexts({{name, text}});
    if (!d.ok()) {
      Expect(d.status());
      continue;
    }
    for (uint32_t i = 0; i < (*d)->size(); ++i) VIGIE_FUZZ_CHECK(!(*d)->entry(i).where.empty());
  }
}

constexpr std::string_view kCameo =
    "18  -9.0  4  violence\n180  -9.0  4  other violence\n"
    "19  -10  4  force\n195  -10  4  air strikes\n1951  -10  4  precise\n";
constexpr std::string_view kPlover = "ASSAULT  FIGHT  violence\nCOERCE  -  coercion\n";
constexpr std::string_view kAcled =
    "Battles  -  fighting\nBattles  Armed clash  fire\n"
    "Explosions/Remote violence  -  afar\nExplosions/Remote violence  Air/drone strike  air\n";
constexpr std::string_view kMapping =
    "18  ASSAULT  -  -\n19  ASSAULT  Battles  Armed clash\n"
    "195  ASSAULT  Explosions/Remote violence  Air/drone strike\n";

// The codebook with the input as each of its four files in turn.
void TryCodebook(const std::string& text, std::string_view sample) {
  const char* names[] = {"code/cameo.txt", "code/plover.txt", "code/acled.txt", "code/mapping.txt"};
  const std::string_view valid[] = {kCameo, kPlover, kAcled, kMapping};
  for (int replaced = 0; replaced < 4; ++replaced) {
    std::map<std::string, std::string> files;
    for (int i = 0; i < 4; ++i) files[names[i]] = i == replaced ? text : std::string(valid[i]);
    auto book = vigie::Codebook::FromTexts(std::move(files));
    if (!book.ok()) {
      Expect(book.status());
      continue;
    }
    const vigie::Codebook& b = **book;
    for (const vigie::CameoEntry* root : b.Roots()) VIGIE_FUZZ_CHECK(root->code.size() == 2);
    for (const vigie::CameoEntry& e : b.entries()) {
      VIGIE_FUZZ_CHECK(b.Find(e.code) == &e);
      VIGIE_FUZZ_CHECK(e.goldstein >= -10 && e.goldstein <= 10);
      VIGIE_FUZZ_CHECK(e.quad_class >= 1 && e.quad_class <= 4);
      VIGIE_FUZZ_CHECK(e.code.size() == 2 || b.Find(e.root) != nullptr);
      VIGIE_FUZZ_CHECK(e.plover.empty() || b.CanonicalPlover(e.plover) == e.plover);
      VIGIE_FUZZ_CHECK(e.acled_type.empty() || b.IsAcled(e.acled_type, e.acled_subtype));
    }
    vigie::Event event;
    event.cameo = std::string(sample.substr(0, 8));
    b.Fill(&event);
    b.CanonicalPlover(sample);
  }
}

void TryTime(const std::string& text) {
  for (const char* name : {"time/fr.words.txt", "time/fr.patterns.txt"}) {
    std::map<std::string, std::string> files = {
        {"time/fr.words.txt", "weekday  6  samedi\nmonth  5  mai\n"},
        {"time/fr.patterns.txt", "day  {weekday}\nmonth  en {month} {year}?\n"}};
    files[name] = text;
    auto k = vigie::TimeKnowledge::Make(vigie::DataInMemory(std::move(files)));
    if (!k.ok()) {
      Expect(k.status());
      continue;
    }
    for (const auto& [code, lang] : (*k)->languages)
      for (const auto& p : lang.patterns) VIGIE_FUZZ_CHECK(!p.elements.empty() && !p.where.empty());
  }
}

void TryQuantity(const std::string& text) {
  for (const char* name :
       {"quantity/en.numbers.txt", "quantity/en.qualifiers.txt", "quantity/en.nouns.txt"}) {
    std::map<std::string, std::string> files = {
        {"quantity/en.numbers.txt", "number  2  two\n"},
        {"quantity/en.qualifiers.txt", "more_than  more than\n"},
        {"quantity/en.nouns.txt", "noun  tanks  tanks\n"}};
    files[name] = text;
    auto k = vigie::QuantityKnowledge::Make(vigie::DataInMemory(std::move(files)));
    if (!k.ok()) Expect(k.status());
  }
}

}  // namespace

// An event lexicon: every accepted pattern has a code, a trigger lemma, is
// found from that lemma, and every item has a path.
void TryPatterns(const std::string& text) {
  auto lexicon = vigie::EventLexicon::Read(vigie::DataInMemory({{"code/fr.events.txt", text}}),
                                           "code/fr.events.txt");
  if (!lexicon.ok()) {
    Expect(lexicon.status());
    return;
  }
  for (size_t i = 0; i < lexicon->size(); ++i) {
    const vigie::LexiconPattern& p = lexicon->pattern(i);
    VIGIE_FUZZ_CHECK(!p.lemma.empty());
    VIGIE_FUZZ_CHECK(p.code.size() >= 2 && p.code.size() <= 4);
    for (const vigie::LexiconItem& item : p.items) VIGIE_FUZZ_CHECK(!item.path.empty());
    const auto* list = lexicon->Triggered(p.lemma);
    VIGIE_FUZZ_CHECK(list != nullptr &&
                     std::find(list->begin(), list->end(), static_cast<uint32_t>(i)) != list->end());
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::string_view text = bytes;
  // A short line of the input, to be matched against accepted patterns.
  const std::string_view sample = text.substr(0, std::min<size_t>(text.find('\n'), 200));

  TryExtract(text, kAgencies, kBylines, sample);
  TryExtract(kBoilerplate, text, kBylines, sample);
  TryExtract(kBoilerplate, kAgencies, text, sample);
  TrySegment(text, kClitics);
  TrySegment(kAbbreviations, text);
  TryLexicon(text, sample);
  TryActors(bytes);
  TryCodebook(bytes, sample);
  TryTime(bytes);
  TryQuantity(bytes);
  TryPatterns(bytes);
  return 0;
}
