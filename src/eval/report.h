// An evaluation: every gold document compared with the system's events,
// the figures summed over documents (micro-averaged), and the report as
// text or JSON.
//
// Precision, recall and F1 are 0 when their denominator is 0 (no system
// events, no gold events); the counts behind each figure are printed
// beside it. Event figures come from documents scored by events; PLOVER
// label figures from documents scored by labels (the GSR sentences), and,
// for documents scored by events whose gold events all have a PLOVER type,
// the PLOVER types of the whole article. Sentences of a PETRARCH validation
// file give the CAMEO root and triple figures (petrarch_gsr.h); snippets of
// CASE 2021 the per-label, weighted and macro F1 (case2021.h).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/gold.h"
#include "eval/match.h"
#include "eval/petrarch_gsr.h"

namespace vigie::eval {

class CaseLabelMap;

struct Figures {
  size_t documents = 0;
  size_t gold = 0, system = 0, matched = 0;
  size_t required = 0, required_matched = 0;
  size_t strict_matched = 0;
  double Precision() const;
  double Recall() const;
  double F1() const;
  double RequiredRecall() const;
  double StrictPrecision() const;
  double StrictRecall() const;
  double StrictF1() const;
};

// Precision, recall and F1 of label counts.
double Precision(const LabelCounts& c);
double Recall(const LabelCounts& c);
double F1(const LabelCounts& c);

struct DocumentResult {
  GoldDocument gold;                // its text dropped once scored...
  std::string excerpt;              // ...but for its first words
  std::vector<SystemEvent> system;
  EventComparison comparison;       // documents scored by events
  std::string predicted;            // kCaseLabel: the label the system's events give
  int chosen = -1;                  // kCaseLabel: the event that gave it, -1 for none
  Status status;                    // the article's own failure, if any
};

class Evaluation {
 public:
  // Scores one document against the system's events for it. An article
  // that failed in the pipeline is scored with no events, its status kept.
  void Add(GoldDocument gold, std::vector<SystemEvent> system, Status status = Status::Ok());
  // A gold file or record, or an event record, that could not be read.
  void AddError(Status error) { errors_.push_back(std::move(error)); }
  // How system events become CASE 2021 labels; without it a document of
  // kind kCaseLabel is scored as labelled "(none)".
  void SetCaseLabels(std::shared_ptr<const CaseLabelMap> map) { case_map_ = std::move(map); }

  const Figures& events() const { return events_; }
  const LabelScores& sentence_labels() const { return sentence_labels_; }
  const LabelScores& article_labels() const { return article_labels_; }
  const CameoSentenceScores& cameo_sentences() const { return cameo_sentences_; }
  const LabelScores& case_labels() const { return case_labels_; }
  // CASE 2021 snippets none of whose events gave a label.
  size_t Unlabelled() const;
  const std::vector<DocumentResult>& documents() const { return documents_; }
  const std::vector<Status>& errors() const { return errors_; }
  size_t failed_articles() const { return failed_articles_; }

  void WriteText(std::ostream& out) const;
  nlohmann::ordered_json ToJson() const;

 private:
  std::vector<DocumentResult> documents_;
  Figures events_;
  LabelScores sentence_labels_, article_labels_;
  CameoSentenceScores cameo_sentences_;
  ActorShare actors_;  // of the PLOVER and PETRARCH sentences
  LabelScores case_labels_;
  std::shared_ptr<const CaseLabelMap> case_map_;
  std::vector<Status> errors_;
  size_t failed_articles_ = 0;
};

}  // namespace vigie::eval
