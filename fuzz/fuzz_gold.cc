// Fuzz target: the gold readers and the event-record reader of vigie eval.
//
// The bytes are read as a JSON-lines gold file, a PLOVER GSR array, a
// *.gold.json object (its text_file loader answering with a fixed text), a
// PETRARCH validation XML, a CASE 2021 TSV and a file of event records; the
// gold events read are then matched against the event records read. Every
// refusal must be a numbered status with a message naming the file;
// accepted gold must keep the reader's promises (an id, valid and ordered
// dates, a CAMEO code on every event of a document scored by events), and
// the matching must account for every event exactly once.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "code/codebook.h"
#include "eval/case2021.h"
#include "eval/gold.h"
#include "eval/match.h"
#include "eval/petrarch_gsr.h"
#include "eval/report.h"
#include "fuzz/fuzz_check.h"

namespace {

const vigie::Codebook* Book() {
  static std::shared_ptr<const vigie::Codebook> book = [] {
    auto b = vigie::Codebook::Load(VIGIE_SOURCE_DATA_DIR);
    return b.ok() ? *b : nullptr;
  }();
  return book.get();
}

void CheckErrors(const std::vector<vigie::Status>& errors, std::string_view file) {
  using vigie::ErrorCode;
  for (const vigie::Status& s : errors) {
    ErrorCode c = s.code();
    VIGIE_FUZZ_CHECK(c == ErrorCode::kIoError || c == ErrorCode::kEmptyInput ||
                     c == ErrorCode::kMalformedJson || c == ErrorCode::kMissingField ||
                     c == ErrorCode::kBadField || c == ErrorCode::kMalformedRecord ||
                     c == ErrorCode::kInvalidUtf8);
    VIGIE_FUZZ_CHECK(s.message().starts_with(file));
  }
}

void CheckGold(const vigie::eval::GoldSet& set, std::string_view file) {
  CheckErrors(set.errors, file);
  for (const vigie::eval::GoldDocument& d : set.documents) {
    VIGIE_FUZZ_CHECK(!d.id.empty());
    VIGIE_FUZZ_CHECK(d.published.empty() || vigie::eval::IsIsoDate(d.published));
    for (const vigie::eval::GoldEvent& e : d.events) {
      VIGIE_FUZZ_CHECK(!e.cameo.empty() || !e.plover.empty());
      VIGIE_FUZZ_CHECK(d.kind != vigie::eval::GoldKind::kEvents || !e.cameo.empty());
      VIGIE_FUZZ_CHECK(e.earliest.empty() || (vigie::eval::IsIsoDate(e.earliest) &&
                                              vigie::eval::IsIsoDate(e.latest) &&
                                              e.earliest <= e.latest));
      VIGIE_FUZZ_CHECK(e.plover.empty() || Book() == nullptr ||
                       Book()->CanonicalPlover(e.plover) == e.plover);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vigie::eval;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const vigie::Codebook* book = Book();

  GoldSet gold;
  ParseGoldJsonLines("fuzz.jsonl", bytes, book, &gold);
  CheckGold(gold, "fuzz.jsonl");

  GoldSet gsr;
  ParsePloverGsr("fuzz-gsr.txt", bytes, book, &gsr);
  CheckGold(gsr, "fuzz-gsr.txt");

  GoldSet one;
  TextLoader loader = [](const std::string&) -> vigie::Result<std::string> {
    return std::string("Les raids russes ont visé Palmyre samedi.");
  };
  ParseGoldJson("dir/fuzz.gold.json", bytes, book, loader, &one);
  CheckGold(one, "dir/fuzz.gold.json");

  GoldSet petrarch;
  ParsePetrarchGsr("fuzz-up.xml", bytes, &petrarch);
  CheckGold(petrarch, "fuzz-up.xml");
  for (const GoldDocument& d : petrarch.documents) {
    VIGIE_FUZZ_CHECK(d.kind == GoldKind::kCameoSentence && !d.text.empty());
    for (const GoldEvent& e : d.events) VIGIE_FUZZ_CHECK(e.cameo.size() >= 2 && e.cameo.size() <= 4);
  }

  GoldSet snippets;
  ParseCase2021("fuzz-case.tsv", bytes, &snippets);
  CheckGold(snippets, "fuzz-case.tsv");
  for (const GoldDocument& d : snippets.documents)
    VIGIE_FUZZ_CHECK(d.kind == GoldKind::kCaseLabel && !d.label.empty() && !d.text.empty());

  SystemEventSet records;
  ParseEventRecords("fuzz-events.jsonl", bytes, book, &records);
  CheckErrors(records.errors, "fuzz-events.jsonl");

  // Every gold document against every article's events.
  Evaluation evaluation;
  for (GoldSet* set : {&gold, &gsr, &one, &petrarch, &snippets}) {
    for (const GoldDocument& d : set->documents) {
      for (const auto& [article, events] : records.by_article) {
        EventComparison c = CompareEvents(d.events, events);
        VIGIE_FUZZ_CHECK(c.matched.size() + c.missed.size() == d.events.size());
        VIGIE_FUZZ_CHECK(c.matched.size() + c.spurious.size() == events.size());
        VIGIE_FUZZ_CHECK(c.strict_matched <= c.matched.size() + c.spurious.size());
        VIGIE_FUZZ_CHECK(c.required_matched <= c.required);
      }
      evaluation.Add(d, records.by_article.empty() ? std::vector<SystemEvent>{}
                                                   : records.by_article.begin()->second);
    }
  }
  const Figures& f = evaluation.events();
  VIGIE_FUZZ_CHECK(f.matched <= f.gold && f.matched <= f.system);
  VIGIE_FUZZ_CHECK(f.Precision() >= 0 && f.Precision() <= 1 && f.F1() >= 0 && f.F1() <= 1);
  const CameoSentenceScores& c = evaluation.cameo_sentences();
  VIGIE_FUZZ_CHECK(c.triple.tp <= c.root.tp && c.root.tp <= c.gold && c.root.tp <= c.system);
  VIGIE_FUZZ_CHECK(WeightedF1(evaluation.case_labels()) >= 0 && WeightedF1(evaluation.case_labels()) <= 1);
  evaluation.ToJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
