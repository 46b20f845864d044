// The extract stage: from a document's source text to its clean text.
//
// Plain text scraped from the web carries the page's furniture: section
// labels glued to the title ("SYRIESyrie: ..."), the title and byline
// repeated, cookie-consent notices, "read more", share and newsletter lines.
// This stage drops them (each drop recorded with its reason and rule), keeps
// the title, lede, byline and body paragraphs once each, reads the agency and
// outlet from the byline or dateline, and builds the clean text in NFC with
// its map back to the raw bytes.
//
// An HTML page (Document::content == kHtml) first goes through the HTML
// extractor (html/html_extract.h): main text by content scoring, title,
// date, byline, language, dropped furniture recorded with its reason. Its
// text (title, byline, paragraphs, one per line) then goes through the same
// line passes as plain text, with its map composed down to the raw bytes.
#pragma once

#include <memory>

#include "extract/html/html_extract.h"
#include "extract/knowledge.h"
#include "pipeline/stage.h"

namespace vigie {

class ExtractStage : public Stage {
 public:
  explicit ExtractStage(std::shared_ptr<const ExtractKnowledge> knowledge)
      : knowledge_(std::move(knowledge)) {}
  std::string_view name() const override { return "extract"; }
  LayerSet requires_layers() const override { return {Layer::kSource}; }
  LayerSet provides_layers() const override {
    return {Layer::kText, Layer::kMetadata, Layer::kParagraphs};
  }
  Status Process(Document& doc) override;
  // The day a date without a year is placed before ("LAGOS, Nov 3" is the
  // latest 3 November on or before it): YYYY-MM-DD, the run's day by default.
  void set_today(std::string today) { today_ = std::move(today); }

  // What the HTML extractor tells the line passes.
  struct Hints {
    bool html = false;          // never guess a title from the first line
    Span byline;                // this line (in the text) is the byline
  };

 private:
  Status ProcessHtml(Document& doc);
  // The line passes over src, whose map to the raw bytes is src_map.
  Status CleanLines(Document& doc, std::string_view src, const OffsetMap& src_map,
                    const Hints& hints);

  // A publication day read from the text, in order of trust: a statement
  // ("Publié le"), a dateline, an update statement ("Mis à jour le").
  struct DateCandidate {
    int rank = 99;
    BylineMatch match;
    Span span;  // in the source
  };
  // `line` starts at byte b of the source.
  void ReadDateStatements(uint32_t b, std::string_view line, DateCandidate* best, bool* whole_line) const;
  // Sets doc.published from the candidate (span in the clean text, empty
  // when the statement's line was dropped; `written` is what it says).
  void ApplyDate(Document& doc, const DateCandidate& c, Span clean_span, std::string_view written) const;

  std::shared_ptr<const ExtractKnowledge> knowledge_;
  std::string today_;
  std::unique_ptr<html::Extractor> html_;
  html::Extraction extraction_;
};

Result<std::unique_ptr<Stage>> MakeExtractStage(const Config& config, ResourceCache& cache);

// Byte length of a section label glued to the start of a line ("SYRIE" in
// "SYRIESyrie: ..."), or 0. Exposed for tests.
size_t GluedLabelLength(std::string_view line);

}  // namespace vigie
