// The CASE 2021 shared task 2 test set (fine-grained event classification,
// ACLED-style labels) as gold, the mapping from vigie's ACLED types to its
// labels, the predicted label of a snippet, and the averaged F1 figures.
//
// The file is TSV, UTF-8, with the header "id<TAB>EventSnippet<TAB>SubType"
// and one snippet per line: an id, the text (no TAB, no newline), one label
// in capitals and underscores ("AIR_STRIKE"). Each line becomes a
// GoldDocument of kind kCaseLabel, language "en", undated. A line without
// three fields, with an empty id or text or a label that is not such a name
// is an E117 malformed_record (E104 for bad UTF-8) naming file and line;
// the other lines are still read. An id used twice is a warning (the line
// is read under "id~line").
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/data_file.h"
#include "base/status.h"
#include "eval/gold.h"
#include "eval/match.h"

namespace vigie {
class Codebook;
}

namespace vigie::eval {

void ParseCase2021(const std::string& path, std::string_view content, GoldSet* set);
// True for the header line (a trailing '\r' is allowed).
bool IsCase2021Header(std::string_view first_line);

// What a snippet is labelled when none of its events gives a label. It is
// never a gold label, so it always counts as wrong.
inline constexpr std::string_view kNoCaseLabel = "(none)";

// data/eval/case2021.txt: for each ACLED event type and sub-event type of
// the codebook (acled.txt), the CASE 2021 label it stands for, or '-' for
// none. Every pair of acled.txt must have its line (an event type alone,
// sub-event '-', included), so a gap is a decision; an unknown pair, a
// pair listed twice or a label that is not capitals and underscores stops
// the load with "file:line: reason". Lines "cameo  CODE  LABEL" give a
// label no ACLED type stands for to the events of a CAMEO code (and the
// codes under it) that have no ACLED sub-event type; an unknown code or a
// code listed twice stops the load the same way. Lines "hazard  KIND
// LABEL  RANK" give the hazards of a kind (Document::hazards) a label and
// the rank, 0 to 1, they compete at with events' confidence.
class CaseLabelMap {
 public:
  static Result<std::shared_ptr<const CaseLabelMap>> Load(const DataSource& read,
                                                          const Codebook& codebook);
  static constexpr const char* kFile = "eval/case2021.txt";
  // The label of an ACLED pair ("" sub-event type for the event type
  // alone), or "" when the pair has none or is unknown.
  std::string_view LabelOf(std::string_view type, std::string_view subtype) const;
  // The label of an event: by its ACLED pair, else, when it has no ACLED
  // sub-event type, by the longest CAMEO code listed that its code starts
  // with; "" when none.
  std::string_view LabelOf(const SystemEvent& event) const;
  // What an event or hazard competes with for a snippet's label: an
  // event's confidence, a hazard kind's rank ("hazard" lines).
  double RankOf(const SystemEvent& event) const;

 private:
  Status ReadHazardLine(const DataLine& line);
  Status ReadCameoLine(const DataLine& line, const Codebook& codebook, std::map<std::string, std::string>* where);
  std::map<std::pair<std::string, std::string>, std::string, std::less<>> labels_;
  std::map<std::string, std::string> by_cameo_;  // CAMEO code -> label
  std::map<std::string, std::pair<std::string, double>> by_hazard_;  // hazard kind -> label, rank
};

// The label vigie gives a snippet: among its events and hazards told as done (neither negated nor
// hypothetical) that have a label (CaseLabelMap::LabelOf), the one of highest rank (RankOf) (the
// first in the text on a tie); kNoCaseLabel when there is none. *chosen is
// set to that event's index, or -1.
std::string PredictCaseLabel(const std::vector<SystemEvent>& events, const CaseLabelMap& map,
                             int* chosen = nullptr);

// Averages of per-label F1 over single-label documents scored with
// LabelScores (gold {label}, system {predicted} or {} for kNoCaseLabel),
// over the labels with gold support (tp + fn > 0):
//   weighted F1 = sum_l support_l * F1_l / sum_l support_l
//                 (scikit-learn's average='weighted');
//   macro F1    = mean of F1_l over those labels (a label only predicted,
//                 never gold, is left out; scikit-learn would count it as 0).
double WeightedF1(const LabelScores& scores);
double MacroF1(const LabelScores& scores);
// Documents whose predicted label is the gold one / all documents.
double Accuracy(const LabelScores& scores);
// The number of labels with gold support.
size_t GoldLabels(const LabelScores& scores);

}  // namespace vigie::eval
